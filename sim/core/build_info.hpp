// What was built: the program version and the source revision, stamped into
// every manifest and printed by `pasante --version`.
#pragma once
#include <string>

namespace pasante {

inline constexpr const char* kVersion = PASANTE_VERSION;
// `git describe` of the tree that was built ("...-dirty" with local changes).
const char* source_revision();
// What tells one build from another, where `git describe` cannot (a tree
// without git, or edits since the last commit): the SHA-256 of the running
// executable, or the source revision when that cannot be read. A sweep's
// results are continued only by the build that began them.
const std::string& build_identity();

}  // namespace pasante
