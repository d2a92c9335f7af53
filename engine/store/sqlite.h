#pragma once
// Thin RAII layer over the sqlite3 C API. Every error is a bitsky::Error whose message
// names the database file and carries SQLite's own message.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace bitsky::store {

// SQL for the current UTC time as the store's timestamps are written (ISO 8601, ms).
inline constexpr const char* kSqlNow = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

// Owns one sqlite3* connection.
class Database {
public:
    // Immutable: read-only without locks or the WAL index (a store on read-only media or
    // in a folder we cannot write, whose -wal file is absent or empty).
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly, Immutable };

    Database() = default;
    // Opens `path`. Throws Error("<path>: cannot open database: <reason>").
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    bool is_open() const { return db_ != nullptr; }
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    // Runs one or more statements without results.
    void exec(const std::string& sql);
    // Runs a statement returning a single integer (e.g. a PRAGMA); 0 if no row.
    std::int64_t query_int(const std::string& sql);
    std::string query_text(const std::string& sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    void set_busy_timeout(int milliseconds);

    // Throws Error("<path>: <what>: <sqlite message>").
    [[noreturn]] void fail(const std::string& what, int rc) const;
    std::string errmsg() const;

    void close() noexcept;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Owns one prepared statement. Parameter indices are 1-based (as in SQLite),
// column indices 0-based.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind_int64(int index, std::int64_t value);
    Statement& bind_double(int index, double value);
    Statement& bind_text(int index, std::string_view value);
    Statement& bind_null(int index);

    template <typename T>
    Statement& bind(int index, const T& value) {
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
            return bind_null(index);
        } else if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T>) {
            return bind_int64(index, static_cast<std::int64_t>(value));
        } else if constexpr (std::is_floating_point_v<T>) {
            return bind_double(index, static_cast<double>(value));
        } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
            return bind_text(index, std::string_view(value));
        } else {
            // std::optional<U>
            if (!value) return bind_null(index);
            return bind(index, *value);
        }
    }

    // Binds all parameters in order, starting at 1.
    template <typename... Ts>
    Statement& bind_all(const Ts&... values) {
        int i = 1;
        (bind(i++, values), ...);
        return *this;
    }

    // Steps once: true if a row is available, false when done.
    bool step();
    // Steps to completion (for statements without results).
    void run();
    // For an INSERT/UPSERT ... RETURNING id: steps to completion and returns the id; Error
    // "<database>: cannot <what>" when no row came back.
    std::int64_t returned_id(const std::string& what);
    // Resets for a new execution and clears the bindings.
    void reset();

    bool is_null(int column) const;
    std::int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<std::int64_t> column_opt_int64(int column) const;
    std::optional<double> column_opt_double(int column) const;
    std::optional<std::string> column_opt_text(int column) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE (or DEFERRED) ... COMMIT; rolls back in the destructor unless committed.
class Transaction {
public:
    enum class Kind { Immediate, Deferred };
    explicit Transaction(Database& db, Kind kind = Kind::Immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();
    void rollback();

private:
    Database& db_;
    bool open_ = false;
};

}  // namespace bitsky::store
