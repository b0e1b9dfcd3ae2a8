import Foundation

/// 阅读时长估算
protocol Measurable {
    var characters: Int { get }
}

struct Article: Measurable, Codable {
    let title: String
    var body: String
    var characters: Int { body.count }
}

enum ReadingError: Error {
    case empty
    case tooLong(limit: Int)
}

actor Counter {
    private var total = 0
    func add(_ n: Int) -> Int {
        total += n
        return total
    }
}

func minutes(for article: some Measurable, perMinute: Int = 400) throws -> Int {
    guard article.characters > 0 else { throw ReadingError.empty }
    if article.characters > 1_000_000 { throw ReadingError.tooLong(limit: 1_000_000) }
    return max(1, article.characters / perMinute)
}

@main
struct App {
    static func main() async throws {
        let a = Article(title: "你好", body: String(repeating: "字", count: 1200))
        let counter = Counter()
        let total = await counter.add(try minutes(for: a))
        print("\(a.title): \(total) 分钟", 0xFF, 2.5, nil as Int?, true)
    }
}
