// The tiny MLP of the parity runs (in-hidden-out, ReLU, float64) and its data as tensors, from
// the file parity.py and distributed_parity.py write (tiny_train.hpp's TinyData). Shared by the
// one-process run (tiny_train.cpp) and the data-parallel one (distributed_parity_worker.cpp),
// which must start from the same model as PyTorch does.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "tiny_train.hpp"

namespace lrsched_torch_test {

inline torch::Tensor to_tensor(const std::vector<double>& v, std::vector<std::int64_t> shape) {
  return torch::from_blob(const_cast<double*>(v.data()), shape,  // NOLINT: read only, cloned
                          torch::TensorOptions().dtype(torch::kFloat64))
      .clone();
}

struct TinyModel {
  torch::nn::Linear fc1, fc2;
  torch::nn::Sequential model;
};

/// The model with the file's initial weights.
inline TinyModel make_tiny_model(const TinyData& data) {
  torch::nn::Linear fc1(data.in, data.hidden);
  torch::nn::Linear fc2(data.hidden, data.out);
  torch::nn::Sequential model(fc1, torch::nn::ReLU(), fc2);
  model->to(torch::kFloat64);
  torch::NoGradGuard no_grad;
  fc1->weight.copy_(to_tensor(data.w1, {data.hidden, data.in}));
  fc1->bias.copy_(to_tensor(data.b1, {data.hidden}));
  fc2->weight.copy_(to_tensor(data.w2, {data.out, data.hidden}));
  fc2->bias.copy_(to_tensor(data.b2, {data.out}));
  return {fc1, fc2, model};
}

/// The labels as an int64 tensor.
inline torch::Tensor labels(const TinyData& data) {
  return torch::from_blob(const_cast<std::int64_t*>(data.y.data()), {data.n},  // NOLINT: cloned
                          torch::TensorOptions().dtype(torch::kInt64))
      .clone();
}

}  // namespace lrsched_torch_test
