"""Accounts and identity (身份鉴别): password rules and their clock, lockout, login records, the session
policy (idle timeout, first-login password change, two-factor authentication), API tokens and the pages
that go with them. Roles are ``tasks.common.roles``; their admin permissions ``responsibilities.services``.
"""
