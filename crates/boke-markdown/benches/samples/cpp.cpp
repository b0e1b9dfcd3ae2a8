#include <iostream>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace blog {

template <typename T>
concept Printable = requires(T t) { std::cout << t; };

class Cache final {
public:
    explicit Cache(std::size_t cap) : cap_{cap} {}

    [[nodiscard]] auto get(std::string_view key) const -> const std::string* {
        if (auto it = map_.find(std::string{key}); it != map_.end()) {
            return &it->second;
        }
        return nullptr;
    }

    void put(std::string key, std::string value) {
        if (map_.size() >= cap_) map_.clear();
        map_.emplace(std::move(key), std::move(value));
    }

private:
    std::size_t cap_;
    std::unordered_map<std::string, std::string> map_;
};

template <Printable... Ts>
void log(Ts&&... args) { ((std::cout << args << ' '), ...) << '\n'; }

}  // namespace blog

int main() {
    auto cache = std::make_unique<blog::Cache>(128);
    cache->put("标题", R"(原始字符串 "引号")");
    std::vector<int> v{1, 2, 3};
    for (const auto& x : v) blog::log("值", x, 0x1f, 2.5f, true, nullptr == cache.get("x"));
    return 0;
}
