/* The book's interactive charts: put each chart (Vega-Lite, spec in the page) in its figure, in
 * place of the static image. Without JavaScript, or when a chart fails, the static figure stays;
 * print shows the static figure (charts.css). Needs window.vegaEmbed (the bundled Vega scripts). */
(function () {
  "use strict";

  function show(block) {
    var slug = block.getAttribute("data-figure");
    var figure = document.getElementById(slug);
    if (!figure || typeof window.vegaEmbed !== "function") { return; }
    var payload = JSON.parse(block.querySelector("script.dbk-chart-spec").textContent);
    var view = document.createElement("div");
    view.className = "dbk-chart-view";
    view.setAttribute("role", "group");
    view.setAttribute("tabindex", "0");
    view.setAttribute("aria-label", "Interactieve grafiek: " + block.getAttribute("data-title"));
    var desc = document.createElement("p");
    desc.className = "dbk-chart-desc";
    desc.id = slug + "-beschrijving";
    desc.textContent = block.getAttribute("data-alt");
    view.setAttribute("aria-describedby", desc.id);
    var target = document.createElement("div");
    target.className = "dbk-chart-target";
    view.appendChild(desc);
    view.appendChild(target);
    figure.insertBefore(view, figure.firstChild);
    figure.classList.add("dbk-live");
    window.vegaEmbed(target, payload.spec, {
      actions: false,
      renderer: "svg",
      formatLocale: payload.formatLocale,
      tooltip: { theme: "light" }
    }).then(function (result) {
      var svg = target.querySelector("svg");
      if (svg) {
        svg.setAttribute("aria-label", block.getAttribute("data-title"));
      }
      view.setAttribute("data-rendered", "true");
      return result;
    }).catch(function (error) {
      figure.classList.remove("dbk-live");
      figure.removeChild(view);
      console.error("Grafiek " + slug + " kon niet getoond worden:", error);
    });
  }

  function start() {
    var blocks = document.querySelectorAll("div.dbk-chart[data-figure]");
    for (var i = 0; i < blocks.length; i++) { show(blocks[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
