// bitsky-cli merge --out DB IN.db...
#include <iostream>

#include "app/cli/command.h"
#include "engine/store/store.h"

namespace bitsky::cli {
namespace {

class Merge final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--out", out_, "Store to merge into (created if missing)")->required()->type_name("DB");
        cmd.add_option("IN.db", inputs_, "Input stores, e.g. the shard stores of a Slurm array")->required();
    }
    int run() override {
        std::int64_t added = store::merge(out_, inputs_);
        std::cerr << "merged " << inputs_.size() << " store(s) into " << out_ << ": " << added << " new result(s)\n";
        return 0;
    }

private:
    std::string out_;
    std::vector<std::string> inputs_;
};

Register<Merge> registeredMerge{
    "merge", "combine shard stores (e.g. from a Slurm array) into one; idempotent, refuses conflicting duplicates"};

}  // namespace
}  // namespace bitsky::cli
