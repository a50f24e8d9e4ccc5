// What was built: the program version and the source revision, stamped into
// every manifest and printed by `pasante --version`.
#pragma once

namespace pasante {

inline constexpr const char* kVersion = PASANTE_VERSION;
// `git describe` of the tree that was built ("...-dirty" with local changes).
const char* source_revision();

}  // namespace pasante
