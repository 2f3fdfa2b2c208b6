// lrsched::io::AtomicFile, the one write-temporary-then-rename of the library and the CLI: the
// target appears only when committed and whole, the temporary file sits in the target's folder
// and never outlives a failure, and errors name the path the caller gave.
#include "lrsched/io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/lrsched.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched_test {
namespace {

namespace fs = std::filesystem;
using lrsched::io::AtomicFile;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lrsched_atomic_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      out.push_back(entry.path().filename().string());
    }
    return out;
  }
  static std::string read(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // The message of the lrsched::RuntimeError `write` throws.
  template <class Write>
  static std::string error_of(Write write) {
    try {
      write();
    } catch (const lrsched::RuntimeError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no RuntimeError";
    return {};
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesWholeFileAndLeavesNoTemporary) {
  lrsched::io::write_file_atomically(path("out.txt"), "first");
  lrsched::io::write_file_atomically(path("out.txt"), "second, longer");
  EXPECT_EQ(read(path("out.txt")), "second, longer");
  EXPECT_EQ(names(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, TargetUnchangedUntilCommit) {
  lrsched::io::write_file_atomically(path("out.txt"), "old");
  AtomicFile file(path("out.txt"));
  file.write("new");
  std::fputs(" text", file.stream());
  EXPECT_EQ(read(path("out.txt")), "old");
  // The temporary file is in the target's folder, named after it.
  EXPECT_EQ(fs::path(file.temp_path()).parent_path(), dir_);
  EXPECT_TRUE(file.temp_path().starts_with(path("out.txt") + ".tmp.")) << file.temp_path();
  file.commit();
  EXPECT_EQ(read(path("out.txt")), "new text");
  EXPECT_EQ(names(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, UncommittedFileNeverAppears) {
  {
    AtomicFile file(path("out.txt"));
    file.write("partial");
  }
  EXPECT_TRUE(names().empty());
}

// A writer that opens the temporary file by name (PLplot) and a suffix for its format.
TEST_F(AtomicFileTest, WriterByNameWithSuffix) {
  AtomicFile file(path("plot.svg"), ".svg");
  EXPECT_TRUE(file.temp_path().ends_with(".svg")) << file.temp_path();
  std::ofstream(file.temp_path(), std::ios::binary | std::ios::trunc) << "<svg/>";
  file.commit();
  EXPECT_EQ(read(path("plot.svg")), "<svg/>");
  EXPECT_EQ(names(), std::vector<std::string>{"plot.svg"});
}

TEST_F(AtomicFileTest, TemporariesAreUnique) {
  AtomicFile a(path("out.txt"));
  AtomicFile b(path("out.txt"));
  EXPECT_NE(a.temp_path(), b.temp_path());
  a.write("a");
  b.write("b");
  a.commit();
  b.commit();
  EXPECT_EQ(read(path("out.txt")), "b");
  EXPECT_EQ(names(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, MissingFolderNamesThePath) {
  const std::string target = path("missing/out.txt");
  EXPECT_EQ(error_of([&] { lrsched::io::write_file_atomically(target, "x"); }),
            "cannot write '" + target + "': No such file or directory");
  EXPECT_TRUE(names().empty());
}

// The rename fails (the target is a folder): the error names the target and the temporary file
// is gone.
TEST_F(AtomicFileTest, FailedRenameRemovesTemporary) {
  fs::create_directories(dir_ / "taken" / "child");
  const std::string message =
      error_of([&] { lrsched::io::write_file_atomically(path("taken"), "x"); });
  EXPECT_TRUE(message.starts_with("cannot write '" + path("taken") + "': ")) << message;
  EXPECT_EQ(message.find(".tmp"), std::string::npos) << message;
  EXPECT_EQ(names(), std::vector<std::string>{"taken"});
  AtomicFile file(path("taken"));
  EXPECT_THROW(file.commit(), lrsched::RuntimeError);
  EXPECT_EQ(names(), std::vector<std::string>{"taken"});
  EXPECT_THROW(file.commit(), lrsched::RuntimeError);  // a failed file stays failed
}

// save_state_file reports the same failure as StateError, still naming the user's path.
TEST_F(AtomicFileTest, StateFileErrorNamesThePath) {
  lrsched::InMemoryOptimizer opt = lrsched::InMemoryOptimizer::like("sgd", {0.1});
  lrsched::StepLR scheduler(opt, {.step_size = 3});
  const std::string target = path("missing/state.json");
  try {
    lrsched::save_state_file(scheduler, opt, target);
    ADD_FAILURE() << "saved";
  } catch (const lrsched::StateError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write '" + target + "': No such file or directory");
  }
}

}  // namespace
}  // namespace lrsched_test
