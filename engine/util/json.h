#pragma once
// JSON text for everything BitSky prints or stores. File names on Unix are bytes, not
// always UTF-8: an invalid byte b of any string is written as the escape \udcXX (the lone
// surrogate U+DC00 + b, Python's "surrogateescape"), so the JSON stays valid and the name
// comes back byte for byte (Python: os.fsencode(json.loads(text)["path"])).
#include <string>

#include <nlohmann/json.hpp>

namespace bitsky::util {

// j.dump(indent) after escaping invalid UTF-8 in every string (keys and values).
std::string dump_json(const nlohmann::json& j, int indent = -1);

}  // namespace bitsky::util
