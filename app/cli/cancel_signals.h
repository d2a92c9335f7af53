#pragma once
// SIGINT/SIGTERM as a request to stop a long command (bench, train, evaluate) at its next safe
// point: while a CancelSignals lives, the first of them sets the flag (the command finishes
// what it is doing, keeps what is done and exits 128 + the signal); SA_RESETHAND gives a
// second one the default action (terminates at once).
#include <atomic>
#include <csignal>

namespace bitsky::cli {

class CancelSignals {
public:
    CancelSignals();  // clears the flag and installs the handlers
    ~CancelSignals();  // restores the previous handlers
    CancelSignals(const CancelSignals&) = delete;
    CancelSignals& operator=(const CancelSignals&) = delete;

    // The signal received (0: none yet); set from the handler.
    static std::atomic<int>& flag();
    static int received() { return flag().load(); }

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

}  // namespace bitsky::cli
