// The parameter catalogue rendered as Markdown, for the "Parameters" appendix
// of docs/ODD.md (`pasante params --markdown`; docs/update_parameters.sh
// rewrites the appendix from it, and a test keeps the two identical).
#pragma once
#include <string>

namespace pasante {

// One Markdown table per top-level group of keys (scenario, world, ...), in
// declaration order, with the columns key, type, unit, default, range,
// description and source. Pipes in cells are escaped; the text depends only
// on the declarations, so it is the same on every run and platform.
std::string format_parameter_markdown();

}  // namespace pasante
