// Large per-resident arrays are read at random (needs fall due in no
// particular order), so with 4 KiB pages nearly every read also misses the
// TLB. HugePageAllocator maps large arrays directly (mmap) and asks Linux for
// transparent huge pages on them (madvise MADV_HUGEPAGE) before they are
// first touched; small arrays come from the ordinary heap. It is only advice:
// where the kernel says no, nothing changes but speed.
#pragma once
#include <sys/mman.h>

#include <cstddef>
#include <new>

namespace pasante {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kMapped = 2 * kHugePage;  // smaller arrays stay on the heap

  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  static std::size_t mapped_bytes(std::size_t n) { return (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage; }

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kMapped) return static_cast<T*>(::operator new(n * sizeof(T)));
    void* p = mmap(nullptr, mapped_bytes(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, mapped_bytes(n), MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kMapped) ::operator delete(p);
    else munmap(p, mapped_bytes(n));
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace pasante
