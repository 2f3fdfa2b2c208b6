#include "data_parallel.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

extern char** environ;

namespace lrsched_example {
namespace {

const char* variable(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

long whole_number(const char* name, long low, long high) {
  const char* text = variable(name);
  if (text == nullptr) throw std::runtime_error(std::string(name) + " is not set");
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < low || value > high) {
    throw std::runtime_error(std::string(name) + "=" + text + ": expected a whole number from " +
                             std::to_string(low) + " to " + std::to_string(high));
  }
  return value;
}

// Waits for one collective; a failure names it and this rank, with c10d's first line (it appends
// a C++ stack trace).
void wait(const Rank& self, const c10::intrusive_ptr<c10d::Work>& work, const char* what) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    std::string why = e.what();
    throw std::runtime_error(
        std::string(what) + " failed on rank " + std::to_string(self.rank) + " of " +
        std::to_string(self.world) +
        " (another rank stopped, or --timeout passed): " + why.substr(0, why.find('\n')));
  }
}

Rank self_of(c10d::ProcessGroup& group) { return {group.getRank(), group.getSize(), {}}; }

// A TCP port that nothing listens on now, for the local ranks' rendezvous.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(std::string("--nproc: no free TCP port on 127.0.0.1: ") +
                             std::strerror(errno));
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// The launcher's children, for forwarding SIGINT and SIGTERM (a handler may only read them).
pid_t g_children[1024];
volatile sig_atomic_t g_child_count = 0;

void forward(int signal_number) {
  for (sig_atomic_t i = 0; i < g_child_count; ++i) {
    if (g_children[i] > 0) ::kill(g_children[i], signal_number);  // 0: already reaped
  }
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) {
    const int number = WTERMSIG(status);
    return "was stopped by signal " + std::to_string(number) + " (" + ::strsignal(number) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::optional<Rank> join_from_environment(std::chrono::milliseconds timeout) {
  if (variable("WORLD_SIZE") == nullptr) return std::nullopt;
  Rank self;
  self.world = static_cast<int>(whole_number("WORLD_SIZE", 1, 1024));
  self.rank = static_cast<int>(whole_number("RANK", 0, self.world - 1));
  const std::string address = variable("MASTER_ADDR") ? variable("MASTER_ADDR") : "127.0.0.1";
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<std::uint16_t>(whole_number("MASTER_PORT", 1, 65535));
  store_options.isServer = self.rank == 0;
  store_options.numWorkers = static_cast<std::size_t>(self.world);
  store_options.timeout = timeout;
  auto store = c10::make_intrusive<c10d::TCPStore>(address, store_options);

  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  // The network interface Gloo's pairs use: GLOO_SOCKET_IFNAME as in PyTorch, the loopback for a
  // run on one machine, otherwise the interface this machine's host name resolves to.
  if (const char* interface = variable("GLOO_SOCKET_IFNAME")) {
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
  } else if (address == "127.0.0.1" || address == "localhost") {
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
  } else {
    options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  }
  self.group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, self.rank, self.world, options);
  return self;
}

void broadcast_weights(c10d::ProcessGroup& group, torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> tensors = module.parameters();
  for (const torch::Tensor& buffer : module.buffers()) tensors.push_back(buffer);
  for (torch::Tensor& t : tensors) {
    std::vector<torch::Tensor> one{t};
    wait(self_of(group), group.broadcast(one), "the weights' broadcast");
  }
}

void sum_gradients(c10d::ProcessGroup& group, torch::nn::Module& module) {
  std::vector<torch::Tensor> grads;
  for (torch::Tensor& p : module.parameters()) {
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    grads.push_back(p.grad().reshape({-1}));
  }
  std::vector<torch::Tensor> flat{torch::cat(grads)};
  wait(self_of(group), group.allreduce(flat), "the gradients' all-reduce");
  std::int64_t offset = 0;
  for (torch::Tensor& p : module.parameters()) {
    const std::int64_t n = p.numel();
    p.mutable_grad().copy_(flat[0].narrow(0, offset, n).view_as(p));
    offset += n;
  }
}

int launch_local_ranks(int nproc, const std::vector<std::string>& arguments,
                       std::chrono::milliseconds grace, const std::string& program) {
  const std::string port =
      variable("MASTER_PORT") ? variable("MASTER_PORT") : std::to_string(free_port());
  std::vector<char*> argv;
  std::string self_path = "/proc/self/exe";
  argv.push_back(self_path.data());
  std::vector<std::string> owned(arguments);
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);

  struct sigaction forwarding {};
  forwarding.sa_handler = forward;
  ::sigemptyset(&forwarding.sa_mask);
  ::sigaction(SIGINT, &forwarding, nullptr);
  ::sigaction(SIGTERM, &forwarding, nullptr);

  std::vector<pid_t> pids;
  for (int rank = 0; rank < nproc; ++rank) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const std::string name = entry.substr(0, entry.find('='));
      if (name != "RANK" && name != "LOCAL_RANK" && name != "WORLD_SIZE" &&
          name != "LOCAL_WORLD_SIZE" && name != "MASTER_ADDR" && name != "MASTER_PORT") {
        env.push_back(entry);
      }
    }
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"RANK", std::to_string(rank)},
          {"LOCAL_RANK", std::to_string(rank)},
          {"WORLD_SIZE", std::to_string(nproc)},
          {"LOCAL_WORLD_SIZE", std::to_string(nproc)},
          {"MASTER_ADDR", "127.0.0.1"},
          {"MASTER_PORT", port}}) {
      env.push_back(name + "=" + value);
    }
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int err =
        ::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), envp.data());
    if (err != 0) {
      forward(SIGTERM);
      throw std::runtime_error("--nproc: cannot start rank " + std::to_string(rank) + ": " +
                               std::strerror(err));
    }
    pids.push_back(pid);
    g_children[g_child_count] = pid;
    g_child_count = g_child_count + 1;
  }

  int result = 0;
  auto deadline = std::chrono::steady_clock::time_point::max();  // set once a rank fails
  for (std::size_t running = pids.size(); running > 0;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      --running;
      std::replace(g_children, g_children + g_child_count, pid, pid_t{0});
      const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
      if (failed) {
        const auto rank = std::find(pids.begin(), pids.end(), pid) - pids.begin();
        std::fprintf(stderr, "%s: rank %lld of %d %s\n", program.c_str(),
                     static_cast<long long>(rank), nproc, describe(status).c_str());
        if (result == 0) {
          result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          deadline = std::chrono::steady_clock::now() + grace;
        }
      }
      continue;
    }
    if (pid < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      std::fprintf(
          stderr, "%s: stopping the ranks still running %lld s after the first failed\n",
          program.c_str(),
          static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(grace).count()));
      forward(SIGKILL);
      deadline = std::chrono::steady_clock::time_point::max();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return result;
}

}  // namespace lrsched_example
