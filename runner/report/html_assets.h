#pragma once

// The files the HTML report embeds, compiled into the binary (html_assets.cc.in, generated at
// configure time) so that `kafka-scenario` writes a self-contained page wherever it runs.

#include <string_view>

namespace ks {

/// Apache ECharts' minified browser build (web/node_modules/echarts/dist/echarts.min.js, the
/// version web/package-lock.json pins; npm installs it in scripts/setup).
std::string_view EchartsScript();
/// The page's own script (runner/report/html/page.js): draws the report from its data.
std::string_view PageScript();
/// The page's style sheet (runner/report/html/page.css).
std::string_view PageStyle();

}  // namespace ks
