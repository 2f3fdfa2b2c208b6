// lrsched: learning-rate schedules in C++ with their origins' numbers to the last bit: PyTorch's
// schedulers, and the families of transformers, timm, Optax and Keras.
// Umbrella header: every scheduler, every family and the optimizer view.
#pragma once

#include "lrsched/error.hpp"
#include "lrsched/families/keras.hpp"
#include "lrsched/families/optax.hpp"
#include "lrsched/families/timm.hpp"
#include "lrsched/families/transformers.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"
#include "lrsched/schedulers/composite.hpp"
#include "lrsched/schedulers/constant_lr.hpp"
#include "lrsched/schedulers/cosine_annealing_lr.hpp"
#include "lrsched/schedulers/cosine_annealing_warm_restarts.hpp"
#include "lrsched/schedulers/cyclic_lr.hpp"
#include "lrsched/schedulers/exponential_lr.hpp"
#include "lrsched/schedulers/lambda_lr.hpp"
#include "lrsched/schedulers/one_cycle_lr.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/schedulers/step_lr.hpp"
#include "lrsched/schedulers/swalr.hpp"
#include "lrsched/version.hpp"
