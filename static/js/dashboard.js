/* Leadership dashboard: draws every plotly figure of the page from its json_script block.
 *
 * Each chart container is <div class="chart" data-figure="ID">, where ID is the id of a
 * <script type="application/json"> block holding {"data": [...], "layout": {...}, "config": {...}}
 * built by reports/charts.py. No inline scripts: the site's CSP allows scripts from 'self' only.
 * Clicking a bar or a heat-map cell whose customdata is a local URL ("/dashboard/...") opens it.
 *
 * Printing (beforeprint, or matchMedia("print") turning true — also when a test emulates print media):
 * every chart is drawn again at PRINT_WIDTH px, the width of landscape A4 (@page in dashboard.css),
 * (half of it for the two charts of a .print-pair, printed side by side so that cards pack on A4)
 * with its figure's "print" overrides (smaller type, a shorter heat map, every quarter shown); after
 * printing each chart is drawn again as on the screen.
 */
(function () {
  "use strict";

  // plotly.min.js ships only English: register Chinese names for the mode bar and dates.
  var ZH_CN = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Autoscale": "自动缩放",
      "Box Select": "矩形选择",
      "Click to enter Colorscale title": "点击输入色阶的标题",
      "Click to enter Component A title": "点击输入组件A的标题",
      "Click to enter Plot title": "点击输入图表的标题",
      "Click to enter X axis title": "点击输入X轴的标题",
      "Click to enter Y axis title": "点击输入Y轴的标题",
      "Compare data on hover": "悬停时比较数据",
      "Double-click on legend to isolate one trace": "双击图例来突显对应轨迹",
      "Double-click to zoom back out": "双击返回缩放",
      "Download plot as a png": "下载图表为PNG格式",
      "Download plot": "下载图表",
      "Lasso Select": "套索选择",
      "Pan": "平移",
      "Produced with Plotly.js": "由Plotly.js生成",
      "Reset": "重置",
      "Reset axes": "重置轴",
      "Reset view": "重置视图",
      "Show closest data on hover": "悬停时显示最近的数据",
      "Snapshot succeeded": "生成快照成功",
      "Sorry, there was a problem downloading your snapshot!": "抱歉,下载快照出现问题!",
      "Taking snapshot - this may take a few seconds": "正在生成快照 - 可能需要几秒钟",
      "Toggle Spike Lines": "切换显示数据点辅助线",
      "Zoom": "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "max": "最大值",
      "min": "最小值",
      "median": "中位数",
      "mean": "平均值",
      "trace": "数据轨迹"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y-%m-%d",
      decimal: ".",
      thousands: ","
    }
  };

  // 254 mm at 96 px per inch: the width inside a card on landscape A4 with 12 mm margins (273 mm).
  var PRINT_WIDTH = 960;
  // A chart in a card of a printed pair (.print-pair: two cards side by side on paper) gets half of it.
  var PRINT_HALF = 470;
  var printing = false;

  function figureOf(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function openLink(event) {
    var point = event && event.points && event.points[0];
    var url = point && point.customdata;
    if (Array.isArray(url)) {
      url = url[0];  // heat-map cells: [url, 完成进度, 时序进度]
    }
    if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  // A chart wider than its box (the heat map on a phone) shows only the latest categories that fit,
  // keeping its row labels readable; the page says so next to the chart.
  function showLatest(el, fig) {
    var width = el.clientWidth;
    if (!fig.min_width || width >= fig.min_width || !fig.data.length) {
      return;
    }
    var count = fig.data[0].x.length;
    var fit = Math.max(3, Math.floor((width - 170) / 46));
    if (fit < count) {
      fig.layout.xaxis = Object.assign({}, fig.layout.xaxis, {range: [count - fit - 0.5, count - 0.5]});
    }
  }

  function configOf(fig) {
    return Object.assign({responsive: true, displaylogo: false}, fig.config || {});
  }

  function draw(el) {
    var fig = figureOf(el);
    if (!fig) {
      return;
    }
    showLatest(el, fig);
    if (fig.layout && fig.layout.height) {
      // The box keeps the figure's height, so resizing (window, print) changes only the width.
      el.style.height = fig.layout.height + "px";
    }
    window.Plotly.newPlot(el, fig.data, fig.layout, configOf(fig)).then(function (gd) {
      gd.on("plotly_click", openLink);
    });
  }

  // Set "a.b.c" = value in obj (plotly's attribute strings), creating the objects on the way.
  function setPath(obj, path, value) {
    var keys = path.split("."), last = keys.pop();
    keys.forEach(function (key) {
      obj = obj[key] = Object.assign({}, obj[key] || {});
    });
    obj[last] = value;
  }

  // The figure for paper: all categories (no phone range), PRINT_WIDTH wide, its "print" overrides.
  function printFigure(fig, width) {
    var over = fig.print || {};
    var layout = Object.assign({}, fig.layout, {width: width, autosize: false});
    Object.keys(over.layout || {}).forEach(function (path) {
      setPath(layout, path, over.layout[path]);
    });
    var data = fig.data.map(function (trace, index) {
      var copy = Object.assign({}, trace);
      if (index === 0) {
        Object.keys(over.data || {}).forEach(function (path) {
          setPath(copy, path, over.data[path]);
        });
      }
      return copy;
    });
    return {data: data, layout: layout};
  }

  function forPrint() {
    if (printing) {
      return;
    }
    printing = true;
    document.querySelectorAll("details.print-open").forEach(function (el) {
      el.open = true;
    });
    document.querySelectorAll(".chart[data-figure].js-plotly-plot").forEach(function (el) {
      var fig = figureOf(el);
      if (!fig) {
        return;
      }
      var width = el.closest(".print-pair") ? PRINT_HALF : PRINT_WIDTH;
      var paper = printFigure(fig, width);
      el.style.height = (paper.layout.height || el.offsetHeight) + "px";
      el.style.width = width + "px";
      window.Plotly.react(el, paper.data, paper.layout, configOf(fig));
    });
  }

  function forScreen() {
    if (!printing) {
      return;
    }
    printing = false;
    document.querySelectorAll(".chart[data-figure].js-plotly-plot").forEach(function (el) {
      var fig = figureOf(el);
      if (!fig) {
        return;
      }
      el.style.width = "";
      showLatest(el, fig);
      el.style.height = fig.layout && fig.layout.height ? fig.layout.height + "px" : "";
      window.Plotly.react(el, fig.data, fig.layout, configOf(fig)).then(function (gd) {
        window.Plotly.Plots.resize(gd);  // react keeps the print width; autosize to the box again
      });
    });
  }

  function printListen() {
    window.addEventListener("beforeprint", forPrint);
    window.addEventListener("afterprint", forScreen);
    if (window.matchMedia) {
      var query = window.matchMedia("print");
      var changed = function (event) {
        (event.matches ? forPrint : forScreen)();
      };
      if (query.addEventListener) {
        query.addEventListener("change", changed);
      } else if (query.addListener) {
        query.addListener(changed);
      }
    }
  }

  function autoSubmit() {
    document.querySelectorAll("form.js-autosubmit select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
    document.querySelectorAll("form.js-autosubmit .js-hide").forEach(function (el) {
      el.hidden = true;
    });
  }

  function start() {
    autoSubmit();
    if (!window.Plotly) {
      return;
    }
    window.Plotly.register(ZH_CN);
    document.querySelectorAll(".chart[data-figure]").forEach(draw);
    // Printing: charts take the paper's width and print sizes, then the screen's again.
    printListen();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
