#include "app/cli/cancel_signals.h"

namespace bitsky::cli {
namespace {

static_assert(std::atomic<int>::is_always_lock_free, "the cancel flag is set from a signal handler");
std::atomic<int> g_cancel_signal{0};

extern "C" void on_cancel_signal(int signo) { g_cancel_signal.store(signo); }

}  // namespace

std::atomic<int>& CancelSignals::flag() { return g_cancel_signal; }

CancelSignals::CancelSignals() {
    g_cancel_signal.store(0);
    struct sigaction sa {};
    sa.sa_handler = on_cancel_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
}

CancelSignals::~CancelSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
}

}  // namespace bitsky::cli
