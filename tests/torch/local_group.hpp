// The process group of a test rank on 127.0.0.1, from the environment torchrun sets (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT): a c10d::TCPStore served by rank 0, and Gloo on the
// loopback. Every collective, and the rendezvous, gives up after `timeout`.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace lrsched_torch_test {

inline int env_int(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) throw std::runtime_error(std::string(name) + " is not set");
  return std::stoi(value);
}

inline c10::intrusive_ptr<c10d::ProcessGroupGloo> join_local_group(
    std::chrono::milliseconds timeout) {
  const int rank = env_int("RANK"), world = env_int("WORLD_SIZE");
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<std::uint16_t>(env_int("MASTER_PORT"));
  store_options.isServer = rank == 0;
  store_options.numWorkers = world;
  store_options.timeout = timeout;
  const char* address = std::getenv("MASTER_ADDR");
  auto store = c10::make_intrusive<c10d::TCPStore>(address ? address : "127.0.0.1", store_options);
  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, world, options);
}

}  // namespace lrsched_torch_test
