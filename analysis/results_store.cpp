#include "analysis/results_store.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/sweep_design.hpp"
#include "core/build_info.hpp"
#include "core/input_error.hpp"
#include "outputs/manifest.hpp"

namespace pasante::analysis {

namespace {

constexpr const char* kFormat = "1";

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sweep(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS points(
  point_id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  overrides_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
  point_id INTEGER NOT NULL,
  replicate INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  scenario_sha256 TEXT,
  resolved_json TEXT,
  status TEXT NOT NULL CHECK(status IN ('pending', 'running', 'done')),
  started_at TEXT,
  finished_at TEXT,
  PRIMARY KEY(point_id, replicate));
CREATE TABLE IF NOT EXISTS metrics(
  point_id INTEGER NOT NULL,
  replicate INTEGER NOT NULL,
  metric TEXT NOT NULL,
  value REAL,
  PRIMARY KEY(point_id, replicate, metric));
CREATE TABLE IF NOT EXISTS timeseries(
  point_id INTEGER NOT NULL,
  replicate INTEGER NOT NULL,
  day INTEGER NOT NULL,
  municipality TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL);
CREATE INDEX IF NOT EXISTS timeseries_by_run ON timeseries(point_id, replicate);
)sql";

std::string now_text() { return iso8601_utc(std::chrono::system_clock::now()); }

double nan() { return std::numeric_limits<double>::quiet_NaN(); }

}  // namespace

// The connection and a few helpers around the C API.
struct ResultsStore::Db {
  sqlite3* handle = nullptr;
  std::string name;  // the file, for messages

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(name + ": " + what + ": " + (handle ? sqlite3_errmsg(handle) : "cannot open"));
  }

  void exec(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(handle, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "error";
      sqlite3_free(message);
      throw std::runtime_error(name + ": " + text);
    }
  }

  class Statement {
   public:
    Statement(const Db& db, const char* sql) : db_(db) {
      if (sqlite3_prepare_v2(db.handle, sql, -1, &stmt_, nullptr) != SQLITE_OK) db.fail("preparing a statement");
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v) {
      check(sqlite3_bind_int64(stmt_, i, v));
      return *this;
    }
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v) {
      check(std::isnan(v) ? sqlite3_bind_null(stmt_, i) : sqlite3_bind_double(stmt_, i, v));
      return *this;
    }
    Statement& bind(int i, std::string_view v) {
      check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
      return *this;
    }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }

    // True while there is a row.
    bool step() {
      const int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_ROW) return true;
      if (rc == SQLITE_DONE) return false;
      db_.fail("executing a statement");
    }
    void run() {
      while (step()) {
      }
      reset();
    }
    void reset() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const {
      return sqlite3_column_type(stmt_, col) == SQLITE_NULL ? nan() : sqlite3_column_double(stmt_, col);
    }
    std::string text(int col) const {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
      return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }

   private:
    void check(int rc) const {
      if (rc != SQLITE_OK) db_.fail("binding a value");
    }
    const Db& db_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  // Runs `body` in one write transaction, rolled back if it throws.
  template <class F>
  void transaction(F&& body) {
    exec("BEGIN IMMEDIATE");
    try {
      body();
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
};

ResultsStore::ResultsStore(const std::filesystem::path& file, Mode mode) : file_(file), db_(std::make_unique<Db>()) {
  db_->name = file.string();
  const int flags = SQLITE_OPEN_FULLMUTEX |
                    (mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(file.c_str(), &db_->handle, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_->handle ? sqlite3_errmsg(db_->handle) : "cannot open";
    sqlite3_close(db_->handle);
    db_->handle = nullptr;
    throw InputError({file.string(), 0, 0, ""}, "cannot open the results database: " + message);
  }
  sqlite3_busy_timeout(db_->handle, 10000);
  try {
    if (mode == Mode::read_write) {
      db_->exec("PRAGMA journal_mode=WAL");
      db_->exec("PRAGMA synchronous=FULL");
      db_->exec(kSchema);
    }
    Db::Statement probe(*db_, "SELECT value FROM sweep WHERE key = 'format'");
    if (probe.step() && probe.text(0) != kFormat)
      throw InputError({file.string(), 0, 0, ""}, "results database of an unknown format " + probe.text(0));
  } catch (const InputError&) {
    sqlite3_close(db_->handle);
    throw;
  } catch (const std::exception& e) {
    sqlite3_close(db_->handle);
    db_->handle = nullptr;
    throw InputError({file.string(), 0, 0, ""}, std::string("not a pasante results database (") + e.what() + ")");
  }
}

ResultsStore::~ResultsStore() {
  if (db_ && db_->handle) sqlite3_close(db_->handle);
}

namespace {

// The first difference between a stored design identity and a new one, in words.
std::string design_difference(const nlohmann::json& stored, const nlohmann::json& now) {
  for (const char* key : {"design", "seed", "samples", "store_timeseries", "varied_keys"})
    if (stored.value(key, nlohmann::json()) != now.value(key, nlohmann::json()))
      return std::string(key) + " was " + stored.value(key, nlohmann::json()).dump() + ", the sweep now has " +
             now.value(key, nlohmann::json()).dump();
  const auto& a = stored["points"];
  const auto& b = now["points"];
  if (a.size() != b.size())
    return "it has " + std::to_string(a.size()) + " points, the sweep now has " + std::to_string(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i]["values"] != b[i]["values"])
      return "point " + std::to_string(i) + " was " + a[i]["label"].get<std::string>() + ", now " +
             b[i]["label"].get<std::string>();
    if (a[i]["scenario_sha256"] != b[i]["scenario_sha256"])
      return "point " + std::to_string(i) + " (" + b[i]["label"].get<std::string>() +
             ") resolves to a different scenario (the base scenario, a file it extends, --set or --days changed)";
  }
  return "the designs differ";
}

}  // namespace

void ResultsStore::bind_design(const SweepDesign& design) {
  std::lock_guard lock(mutex_);
  const std::string identity = design.identity_json();
  db_->transaction([&] {
    Db::Statement get(*db_, "SELECT value FROM sweep WHERE key = ?");
    get.bind(1, "identity");
    const bool existing = get.step();
    const std::string stored_identity = existing ? get.text(0) : std::string();
    get.reset();
    Db::Statement put(*db_, "INSERT OR REPLACE INTO sweep(key, value) VALUES (?, ?)");
    auto set = [&](const char* key, const std::string& value) {
      put.bind(1, key).bind(2, value);
      put.run();
    };
    if (existing) {
      if (stored_identity != identity) {
        const std::string name = [&] {
          get.bind(1, "name");
          const std::string n = get.step() ? get.text(0) : "?";
          get.reset();
          return n;
        }();
        throw InputError({file_.parent_path().string(), 0, 0, ""},
                         "holds the results of a different sweep ('" + name + "': " +
                             design_difference(nlohmann::json::parse(stored_identity), nlohmann::json::parse(identity)) +
                             "); refusing to mix them: choose another --out or remove the directory");
      }
      // The model's version is part of what the results mean: a sweep begun by
      // one build and finished by another would mix two models' results.
      const auto stored = [&](const char* key) {
        get.bind(1, key);
        std::string value = get.step() ? get.text(0) : std::string();
        get.reset();
        return value;
      };
      const std::string stored_build = stored("build");
      if (!stored_build.empty() && stored_build != build_identity())
        throw InputError({file_.parent_path().string(), 0, 0, ""},
                         "holds results of another build of pasante (revision " + stored("revision") +
                             "; this is revision " + source_revision() +
                             "): continuing would mix two builds' results; rerun the sweep into another --out");
      get.bind(1, "replicates");
      const int stored_replicates = get.step() ? std::stoi(get.text(0)) : 0;
      get.reset();
      if (design.replicates < stored_replicates)
        throw InputError({file_.parent_path().string(), 0, 0, ""},
                         "holds " + std::to_string(stored_replicates) + " replicates per point; the sweep now asks for " +
                             std::to_string(design.replicates) +
                             " (replicates may grow between restarts, not shrink): choose another --out");
    } else {
      set("format", kFormat);
      set("identity", identity);
      set("created_at", now_text());
      set("program_version", kVersion);
      set("revision", source_revision());
      set("build", build_identity());
      Db::Statement point(*db_, "INSERT INTO points(point_id, label, overrides_json) VALUES (?, ?, ?)");
      for (const auto& p : design.points) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& [k, v] : p.values) values.push_back({k, v});
        point.bind(1, p.id).bind(2, p.label).bind(3, values.dump());
        point.run();
      }
    }
    set("name", design.name);
    set("design", design.design);
    set("sweep_file", design.file);
    set("base", design.base);
    set("seed", std::to_string(design.seed));
    set("replicates", std::to_string(design.replicates));
    set("store_timeseries", design.store_timeseries ? "true" : "false");
    set("varied_keys", nlohmann::json(design.varied_keys).dump());
    Db::Statement run(*db_, "INSERT OR IGNORE INTO runs(point_id, replicate, seed, status) VALUES (?, ?, ?, 'pending')");
    for (const auto& p : design.points)
      for (int r = 0; r < design.replicates; ++r) {
        run.bind(1, p.id).bind(2, r).bind(3, design.replicate_seed(r));
        run.run();
      }
  });
}

std::optional<std::string> ResultsStore::meta(std::string_view key) const {
  std::lock_guard lock(mutex_);
  Db::Statement get(*db_, "SELECT value FROM sweep WHERE key = ?");
  get.bind(1, key);
  if (!get.step()) return std::nullopt;
  return get.text(0);
}

std::vector<StoredPoint> ResultsStore::points() const {
  std::lock_guard lock(mutex_);
  std::vector<StoredPoint> out;
  Db::Statement q(*db_, "SELECT point_id, label, overrides_json FROM points ORDER BY point_id");
  while (q.step()) {
    StoredPoint p;
    p.id = static_cast<int>(q.integer(0));
    p.label = q.text(1);
    for (const auto& kv : nlohmann::json::parse(q.text(2)))
      p.values.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<StoredRun> ResultsStore::runs() const {
  std::lock_guard lock(mutex_);
  std::vector<StoredRun> out;
  Db::Statement q(*db_,
                  "SELECT point_id, replicate, seed, scenario_sha256, status, started_at, finished_at, "
                  "CASE WHEN json_valid(resolved_json) THEN json_extract(resolved_json, '$.scenario.days') END "
                  "FROM runs ORDER BY point_id, replicate");
  while (q.step()) {
    StoredRun r;
    r.point_id = static_cast<int>(q.integer(0));
    r.replicate = static_cast<int>(q.integer(1));
    r.seed = q.integer(2);
    r.scenario_sha256 = q.text(3);
    r.status = q.text(4);
    r.started_at = q.text(5);
    r.finished_at = q.text(6);
    r.days = q.integer(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::set<std::pair<int, int>> ResultsStore::done_runs() const {
  std::lock_guard lock(mutex_);
  std::set<std::pair<int, int>> out;
  Db::Statement q(*db_, "SELECT point_id, replicate FROM runs WHERE status = 'done'");
  while (q.step()) out.emplace(static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1)));
  return out;
}

void ResultsStore::mark_running(int point_id, int replicate, const std::string& started_at) {
  std::lock_guard lock(mutex_);
  db_->transaction([&] {
    Db::Statement q(*db_,
                    "UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL "
                    "WHERE point_id = ? AND replicate = ? AND status != 'done'");
    q.bind(1, started_at).bind(2, point_id).bind(3, replicate);
    q.run();
  });
}

void ResultsStore::record_run(const RunRecord& rec) {
  std::lock_guard lock(mutex_);
  db_->transaction([&] {
    // Leftovers of a run cut off earlier cannot exist (runs are written whole),
    // but deleting them here makes a double count impossible whatever happened.
    for (const char* sql : {"DELETE FROM metrics WHERE point_id = ? AND replicate = ?",
                            "DELETE FROM timeseries WHERE point_id = ? AND replicate = ?"}) {
      Db::Statement del(*db_, sql);
      del.bind(1, rec.point_id).bind(2, rec.replicate);
      del.run();
    }
    if (rec.summary) {
      Db::Statement ins(*db_, "INSERT INTO metrics(point_id, replicate, metric, value) VALUES (?, ?, ?, ?)");
      for (const auto& m : *rec.summary) {
        ins.bind(1, rec.point_id).bind(2, rec.replicate).bind(3, m.name).bind(4, m.value);
        ins.run();
      }
    }
    if (rec.timeseries) {
      const TimeSeries& ts = *rec.timeseries;
      Db::Statement ins(*db_,
                        "INSERT INTO timeseries(point_id, replicate, day, municipality, metric, value) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
      for (const auto& row : ts.rows) {
        ins.bind(1, rec.point_id)
            .bind(2, rec.replicate)
            .bind(3, static_cast<std::int64_t>(row.day))
            .bind(4, ts.municipalities.at(row.municipality))
            .bind(5, ts.metrics.at(row.metric))
            .bind(6, row.value);
        ins.run();
      }
    }
    Db::Statement run(*db_,
                      "INSERT OR REPLACE INTO runs(point_id, replicate, seed, scenario_sha256, resolved_json, status, "
                      "started_at, finished_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)");
    run.bind(1, rec.point_id)
        .bind(2, rec.replicate)
        .bind(3, rec.seed)
        .bind(4, rec.scenario_sha256)
        .bind(5, rec.resolved_json)
        .bind(6, rec.started_at)
        .bind(7, rec.finished_at);
    run.run();
  });
}

std::vector<MetricValue> ResultsStore::metrics() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricValue> out;
  Db::Statement q(*db_,
                  "SELECT m.point_id, m.replicate, m.metric, m.value FROM metrics m JOIN runs r "
                  "ON r.point_id = m.point_id AND r.replicate = m.replicate WHERE r.status = 'done' "
                  "ORDER BY m.point_id, m.replicate, m.rowid");
  while (q.step())
    out.push_back({static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1)), q.text(2), q.real(3)});
  return out;
}

std::vector<std::string> ResultsStore::metric_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  Db::Statement q(*db_,
                  "SELECT metric FROM metrics WHERE (point_id, replicate) = (SELECT point_id, replicate FROM runs "
                  "WHERE status = 'done' ORDER BY point_id, replicate LIMIT 1) ORDER BY rowid");
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::vector<SeriesValue> ResultsStore::timeseries(std::string_view municipality) const {
  std::lock_guard lock(mutex_);
  std::vector<SeriesValue> out;
  Db::Statement q(*db_,
                  "SELECT t.point_id, t.replicate, t.day, t.metric, t.value FROM timeseries t JOIN runs r "
                  "ON r.point_id = t.point_id AND r.replicate = t.replicate WHERE r.status = 'done' AND "
                  "t.municipality = ? ORDER BY t.point_id, t.replicate, t.rowid");
  q.bind(1, municipality);
  while (q.step())
    out.push_back({static_cast<int>(q.integer(0)), static_cast<int>(q.integer(1)), static_cast<int>(q.integer(2)),
                   q.text(3), q.real(4)});
  return out;
}

}  // namespace pasante::analysis
