"""The portal's roles, held as Django groups. Names are the ones county staff use."""

STAFF = "填报员"  # department staff: enter their own department's figures
SUPERVISOR = "督查员"  # assessment office: review, approve, return, export
LEADER = "领导"  # leadership group: read everything, change nothing
ADMIN = "管理员"  # administrators: maintain the plan and accounts

ALL_ROLES = (STAFF, SUPERVISOR, LEADER, ADMIN)
