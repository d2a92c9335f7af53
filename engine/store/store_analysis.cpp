// The results store's predictions, models and cost maps (the rest of ResultsStore:
// store.cpp; opening and the schema: store_open.cpp).
#include "engine/store/store.h"

#include "engine/util/error.h"

namespace bitsky::store {

void ResultsStore::upsert_prediction(const Prediction& p) {
    Statement st(db_,
                 "INSERT INTO predictions(image_id, frame, kind, bpp) VALUES(?,?,?,?) "
                 "ON CONFLICT(image_id, frame, kind) DO UPDATE SET bpp = excluded.bpp");
    st.bind_all(p.image_id, p.frame, p.kind, p.bpp);
    st.run();
}

std::vector<Prediction> ResultsStore::predictions(std::int64_t image_id) {
    std::vector<Prediction> out;
    Statement st(db_, "SELECT image_id, frame, kind, bpp FROM predictions WHERE image_id = ? ORDER BY frame, kind");
    st.bind(1, image_id);
    while (st.step()) out.push_back({st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_double(3)});
    return out;
}

std::int64_t ResultsStore::upsert_model(ModelRecord m) {
    Statement st(db_, std::string("INSERT INTO models(name, kind, path, metadata, created_at) "
                                  "VALUES(?,?,?,?, CASE WHEN ?5 = '' THEN ") +
                          kSqlNow +
                          " ELSE ?5 END) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, "
                          "path = excluded.path, metadata = excluded.metadata RETURNING id");
    st.bind_all(m.name, m.kind, m.path, m.metadata, m.created_at);
    return st.returned_id("store model '" + m.name + "'");
}

std::vector<ModelRecord> ResultsStore::models() {
    std::vector<ModelRecord> out;
    Statement st(db_, "SELECT id, name, kind, path, metadata, created_at FROM models ORDER BY id");
    while (st.step())
        out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_text(4), st.column_text(5)});
    return out;
}

std::int64_t ResultsStore::upsert_costmap(const Costmap& c) {
    Statement st(db_,
                 "INSERT INTO costmaps(image_id, frame, model, bpp, total_bits, file) VALUES(?,?,?,?,?,?) "
                 "ON CONFLICT(image_id, frame, model) DO UPDATE SET bpp = excluded.bpp, "
                 "total_bits = excluded.total_bits, file = excluded.file RETURNING id");
    st.bind_all(c.image_id, c.frame, c.model, c.bpp, c.total_bits, c.file);
    return st.returned_id("store cost map");
}

std::vector<Costmap> ResultsStore::costmaps(std::int64_t image_id) {
    std::vector<Costmap> out;
    Statement st(db_,
                 "SELECT id, image_id, frame, model, bpp, total_bits, file FROM costmaps WHERE image_id = ? "
                 "ORDER BY frame, model");
    st.bind(1, image_id);
    while (st.step())
        out.push_back({st.column_int64(0), st.column_int64(1), st.column_int64(2), st.column_text(3),
                       st.column_double(4), st.column_double(5), st.column_text(6)});
    return out;
}

}  // namespace bitsky::store
