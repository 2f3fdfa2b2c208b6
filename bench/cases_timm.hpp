// timm's schedules: each as the spec language builds it, against its formula written inline.
#pragma once

#include "family_cases.hpp"

namespace lrsched_bench {
using TimmCases = CaseTypes<>;
}  // namespace lrsched_bench
