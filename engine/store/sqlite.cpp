#include "engine/store/sqlite.h"

#include <sqlite3.h>

#include <cstdio>
#include <utility>

#include "engine/util/error.h"

namespace bitsky::store {

// ---------------------------------------------------------------- Database

Database::Database(const std::string& path, Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
        case Mode::ReadOnly:
        case Mode::Immutable: flags |= SQLITE_OPEN_READONLY; break;
    }
    // Plain paths must not be parsed as URIs; only "file:" names are (SQLite's rule). The
    // immutable mode needs a URI: the path percent-encoded where URIs give characters a meaning.
    std::string name = path;
    if (mode == Mode::Immutable) {
        name = "file:";
        for (unsigned char c : path) {
            if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", c);
                name += hex;
            } else {
                name += static_cast<char>(c);
            }
        }
        name += "?immutable=1";
    }
    int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw Error(path + ": cannot open database: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Database::close() noexcept {
    if (db_) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
    }
}

std::string Database::errmsg() const { return db_ ? sqlite3_errmsg(db_) : "database not open"; }

void Database::fail(const std::string& what, int rc) const {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_NOTADB) msg = "not a SQLite database (" + msg + ")";
    throw Error(path_ + ": " + what + ": " + msg);
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        if ((rc & 0xff) == SQLITE_NOTADB) msg = "not a SQLite database (" + msg + ")";
        throw Error(path_ + ": " + msg + " (in: " + sql.substr(0, 80) + ")");
    }
}

std::int64_t Database::query_int(const std::string& sql) {
    Statement st(*this, sql);
    return st.step() ? st.column_int64(0) : 0;
}

std::string Database::query_text(const std::string& sql) {
    Statement st(*this, sql);
    return st.step() ? st.column_text(0) : std::string();
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }
void Database::set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

// ---------------------------------------------------------------- Statement

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail("cannot prepare '" + std::string(sql.substr(0, 80)) + "'", rc);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind_int64(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail("cannot bind parameter " + std::to_string(index), rc);
    return *this;
}

Statement& Statement::bind_double(int index, double value) {
    int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail("cannot bind parameter " + std::to_string(index), rc);
    return *this;
}

Statement& Statement::bind_text(int index, std::string_view value) {
    int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) db_->fail("cannot bind parameter " + std::to_string(index), rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) db_->fail("cannot bind parameter " + std::to_string(index), rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const char* sql = sqlite3_sql(stmt_);
    db_->fail("cannot run '" + std::string(sql ? sql : "").substr(0, 80) + "'", rc);
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::returned_id(const std::string& what) {
    if (!step()) throw Error(db_->path() + ": cannot " + what);
    const std::int64_t id = column_int64(0);
    run();
    return id;
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> Statement::column_opt_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int64(column);
}

std::optional<double> Statement::column_opt_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

std::optional<std::string> Statement::column_opt_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_text(column);
}

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    open_ = true;
}

Transaction::~Transaction() {
    if (open_) {
        // Never throw from a destructor; a failed rollback leaves SQLite to roll back on close.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

void Transaction::rollback() {
    if (open_) {
        open_ = false;
        db_.exec("ROLLBACK");
    }
}

}  // namespace bitsky::store
