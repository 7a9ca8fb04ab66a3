/* Next to plotly.js, once per report: Danish toolbar texts and number format, and a click
   on a bar or a heatmap cell opens the statements behind it (its "#udsagn?…" link). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  if (window.Plotly && Plotly.register) {
    Plotly.register({
      moduleType: "locale", name: "da",
      dictionary: {
        "Download plot as a png": "Gem figuren som billede (PNG)",
        "Download plot as a PNG": "Gem figuren som billede (PNG)",
        "Download plot": "Gem figuren",
        "Double-click to zoom back out": "Dobbeltklik for at zoome ud",
        "Click to enter Plot title": "", "Click to enter X axis title": "",
        "Click to enter Y axis title": "", "Click to enter Colorscale title": ""
      },
      format: {
        days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        shortDays: ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        months: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december"],
        shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
                      "nov", "dec"],
        date: "%d.%m.%Y", decimal: ",", thousands: "."
      }
    });
  }
  function linkOf(point) {
    var cd = point && point.customdata;
    if (!Array.isArray(cd)) cd = [cd];
    for (var i = 0; i < cd.length; i++) {
      if (typeof cd[i] === "string" && cd[i].indexOf("#udsagn") === 0) return cd[i];
    }
    return null;
  }
  function attach() {
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd._rusLinks || !gd.on) return;
      gd._rusLinks = true;
      gd.on("plotly_click", function (ev) {
        var link = ev && ev.points && linkOf(ev.points[0]);
        if (link) location.hash = link;
      });
    });
  }
  window.addEventListener("load", attach);
  document.addEventListener("DOMContentLoaded", attach);
  window.rusAttachLinks = attach;
})();
