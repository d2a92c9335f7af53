// merge(): combine shard stores into one (see store.h).
#include <filesystem>

#include "engine/store/store.h"
#include "engine/util/error.h"

namespace bitsky::store {
namespace fs = std::filesystem;

namespace {

// "file:" URI for ATTACH ... read-only; everything but unreserved characters is escaped.
std::string readonly_uri(const std::string& path) {
    std::string abs = fs::absolute(path).string(), uri = "file:";
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : abs) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
            c == '-' || c == '_' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri + "?mode=ro";
}

std::string same_file_key(const std::string& path) {
    std::error_code ec;
    auto p = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal().string() : p.string();
}

// ATTACH for the lifetime of the object.
class Attached {
public:
    Attached(Database& db, const std::string& path) : db_(db) {
        Statement st(db_, "ATTACH DATABASE ? AS src");
        st.bind(1, readonly_uri(path));
        st.run();
    }
    ~Attached() {
        try {
            db_.exec("DETACH DATABASE src");
        } catch (...) {
        }
    }
    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

private:
    Database& db_;
};

const char* kResultJoin = R"SQL(
FROM src.results sr
JOIN src.images si ON si.id = sr.image_id
JOIN src.codecs sc ON sc.id = sr.codec_id
JOIN main.images mi ON mi.path = si.path AND mi.hdu = si.hdu
JOIN main.codecs mc ON mc.spec = sc.spec AND mc.version = sc.version
)SQL";

std::int64_t merge_one(ResultsStore& out, const std::string& input) {
    Database& db = out.database();
    Attached attached(db, input);
    Transaction tx(db);
    const std::string refuse = input + ": cannot merge into " + out.path() + ": ";

    {  // The same image HDU must have the same content in both stores.
        Statement st(db,
                     "SELECT s.path, s.hdu, s.content_hash, m.content_hash FROM src.images s "
                     "JOIN main.images m ON m.path = s.path AND m.hdu = s.hdu "
                     "WHERE m.content_hash <> s.content_hash LIMIT 1");
        if (st.step())
            throw Error(refuse + "image " + st.column_text(0) + " HDU " + st.column_text(1) + " has content hash " +
                        st.column_text(2) + " here but " + st.column_text(3) +
                        " in the output (the file changed between runs)");
    }
    // Import datasets, images, codecs and runs (no-ops for those already present).
    db.exec(R"SQL(
INSERT INTO main.datasets(name, root) SELECT name, root FROM src.datasets WHERE true
  ON CONFLICT(root) DO NOTHING;
INSERT INTO main.images(dataset_id, path, hdu, frame_count, shape, bitpix, bzero, shifted, content_hash,
                        mtime, size_bytes, noise)
  SELECT md.id, s.path, s.hdu, s.frame_count, s.shape, s.bitpix, s.bzero, s.shifted, s.content_hash,
         s.mtime, s.size_bytes, s.noise
  FROM src.images s JOIN src.datasets sd ON sd.id = s.dataset_id JOIN main.datasets md ON md.root = sd.root
  WHERE true
  ON CONFLICT(path, hdu) DO UPDATE SET noise = COALESCE(images.noise, excluded.noise);
INSERT INTO main.codecs(spec, library, version, lossy) SELECT spec, library, version, lossy FROM src.codecs WHERE true
  ON CONFLICT(spec, version) DO NOTHING;
INSERT INTO main.runs(uuid, host, cpu_model, threads, jobs, library_versions, command_line, started_at,
                      ended_at, status)
  SELECT uuid, host, cpu_model, threads, jobs, library_versions, command_line, started_at, ended_at, status
  FROM src.runs WHERE true
  ON CONFLICT(uuid) DO UPDATE SET ended_at = excluded.ended_at, status = excluded.status
  WHERE runs.ended_at IS NULL AND excluded.ended_at IS NOT NULL;
)SQL");
    {  // A result present in both must agree (times may differ).
        Statement st(db, std::string("SELECT si.path, si.hdu, sr.frame, sc.spec, sr.raw_bytes, sr.compressed_bytes, "
                                     "sr.lossless_ok, sr.error, sr.lossy, mr.raw_bytes, mr.compressed_bytes, "
                                     "mr.lossless_ok, mr.error, mr.lossy ") +
                             kResultJoin +
                             "JOIN main.results mr ON mr.image_id = mi.id AND mr.frame = sr.frame AND "
                             "mr.codec_id = mc.id "
                             "WHERE mr.raw_bytes <> sr.raw_bytes OR mr.compressed_bytes <> sr.compressed_bytes OR "
                             "mr.lossless_ok <> sr.lossless_ok OR (mr.error IS NULL) <> (sr.error IS NULL) OR "
                             "mr.lossy <> sr.lossy LIMIT 1");
        if (st.step()) {
            auto describe = [&](int c) {
                std::string s = std::to_string(st.column_int64(c)) + "/" + std::to_string(st.column_int64(c + 1)) +
                                " bytes, lossless_ok=" + std::to_string(st.column_int64(c + 2));
                if (st.column_int64(c + 4) != 0) s += ", lossy";
                if (!st.is_null(c + 3)) s += ", error '" + st.column_text(c + 3) + "'";
                return s;
            };
            throw Error(refuse + "conflicting result for image " + st.column_text(0) + " HDU " + st.column_text(1) +
                        " frame " + st.column_text(2) + " codec " + st.column_text(3) + ": " + describe(4) +
                        " here, " + describe(9) + " in the output");
        }
    }
    Statement insert(db, std::string("INSERT INTO main.results(run_id, image_id, frame, codec_id, raw_bytes, "
                                     "compressed_bytes, encode_s, encode_median_s, decode_s, decode_median_s, "
                                     "encode_cpu_s, decode_cpu_s, peak_rss_kib, lossless_ok, error, repeats, coding, "
                                     "lossy) "
                                     "SELECT mrun.id, mi.id, sr.frame, mc.id, sr.raw_bytes, sr.compressed_bytes, "
                                     "sr.encode_s, sr.encode_median_s, sr.decode_s, sr.decode_median_s, "
                                     "sr.encode_cpu_s, sr.decode_cpu_s, sr.peak_rss_kib, sr.lossless_ok, sr.error, "
                                     "sr.repeats, sr.coding, sr.lossy ") +
                             kResultJoin +
                             "LEFT JOIN src.runs srun ON srun.id = sr.run_id "
                             "LEFT JOIN main.runs mrun ON mrun.uuid = srun.uuid "
                             "WHERE true ON CONFLICT(image_id, frame, codec_id) DO NOTHING");
    insert.run();
    std::int64_t added = db.changes();
    // The fidelity of lossy results, to the merged result it belongs to.
    db.exec(std::string(R"SQL(
INSERT INTO main.fidelity(result_id, sigma_in, sigma_out, rms_error, rms_over_sigma, max_abs_error, bias,
                          noise_increase, noise_increase_exact, background_shift, pixels, nonfinite_changed,
                          source_origin, sources, aperture_radius, phot_error_rms, phot_error_max, phot_bias,
                          centroid_shift_rms, centroid_shift_max)
  SELECT mr.id, f.sigma_in, f.sigma_out, f.rms_error, f.rms_over_sigma, f.max_abs_error, f.bias, f.noise_increase,
         f.noise_increase_exact, f.background_shift, f.pixels, f.nonfinite_changed, f.source_origin, f.sources,
         f.aperture_radius, f.phot_error_rms, f.phot_error_max, f.phot_bias, f.centroid_shift_rms, f.centroid_shift_max
  FROM src.fidelity f JOIN src.results sr0 ON sr0.id = f.result_id
  JOIN src.images si ON si.id = sr0.image_id JOIN src.codecs sc ON sc.id = sr0.codec_id
  JOIN main.images mi ON mi.path = si.path AND mi.hdu = si.hdu
  JOIN main.codecs mc ON mc.spec = sc.spec AND mc.version = sc.version
  JOIN main.results mr ON mr.image_id = mi.id AND mr.frame = sr0.frame AND mr.codec_id = mc.id
  WHERE true ON CONFLICT(result_id) DO NOTHING;
)SQL"));
    db.exec(R"SQL(
INSERT INTO main.skips(image_id, codec_id, run_id, reason)
  SELECT mi.id, mc.id, mrun.id, s.reason FROM src.skips s
  JOIN src.images si ON si.id = s.image_id JOIN main.images mi ON mi.path = si.path AND mi.hdu = si.hdu
  JOIN src.codecs sc ON sc.id = s.codec_id JOIN main.codecs mc ON mc.spec = sc.spec AND mc.version = sc.version
  LEFT JOIN src.runs srun ON srun.id = s.run_id LEFT JOIN main.runs mrun ON mrun.uuid = srun.uuid
  WHERE NOT EXISTS (SELECT 1 FROM main.results r WHERE r.image_id = mi.id AND r.codec_id = mc.id)
  ON CONFLICT(image_id, codec_id) DO NOTHING;
INSERT INTO main.predictions(image_id, frame, kind, bpp)
  SELECT mi.id, p.frame, p.kind, p.bpp FROM src.predictions p
  JOIN src.images si ON si.id = p.image_id JOIN main.images mi ON mi.path = si.path AND mi.hdu = si.hdu
  WHERE true ON CONFLICT(image_id, frame, kind) DO NOTHING;
INSERT INTO main.models(name, kind, path, metadata, created_at)
  SELECT name, kind, path, metadata, created_at FROM src.models WHERE true ON CONFLICT(name) DO NOTHING;
INSERT INTO main.costmaps(image_id, frame, model, bpp, total_bits, file)
  SELECT mi.id, c.frame, c.model, c.bpp, c.total_bits, c.file FROM src.costmaps c
  JOIN src.images si ON si.id = c.image_id JOIN main.images mi ON mi.path = si.path AND mi.hdu = si.hdu
  WHERE true ON CONFLICT(image_id, frame, model) DO NOTHING;
)SQL");
    tx.commit();
    return added;
}

}  // namespace

std::int64_t merge(const std::string& out, const std::vector<std::string>& inputs) {
    if (inputs.empty()) throw Error(out + ": nothing to merge (no input stores given)");
    const std::string out_key = same_file_key(out);
    for (const std::string& in : inputs) {
        if (same_file_key(in) == out_key)
            throw Error(in + ": an input store cannot also be the output (" + out + ")");
        // Validates: exists, is a BitSky store, same schema version (read-only: never migrated here).
        OpenOptions ro;
        ro.create = false;
        ro.read_only = true;
        ResultsStore check(in, ro);
    }
    ResultsStore dest(out);
    std::int64_t added = 0;
    for (const std::string& in : inputs) added += merge_one(dest, in);
    return added;
}

}  // namespace bitsky::store
