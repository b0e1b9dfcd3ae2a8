<?php
declare(strict_types=1);

namespace Blog\Comments;

use DateTimeImmutable;
use InvalidArgumentException;

/**
 * 评论存储
 */
final class Store
{
    private const LIMIT = 50;

    public function __construct(private readonly \PDO $db) {}

    public function add(string $page, string $author, string $body): int
    {
        if (trim($body) === '') {
            throw new InvalidArgumentException("评论不能为空");
        }
        $stmt = $this->db->prepare('INSERT INTO comments (page, author, body, created) VALUES (?, ?, ?, ?)');
        $stmt->execute([$page, $author ?: '匿名', $body, (new DateTimeImmutable())->format(DATE_ATOM)]);
        return (int) $this->db->lastInsertId();
    }

    /** @return array<int, array{author: string, body: string}> */
    public function latest(string $page, int $n = self::LIMIT): array
    {
        $rows = $this->db->query("SELECT author, body FROM comments WHERE page = {$this->db->quote($page)}")->fetchAll();
        return array_map(fn(array $r): array => ['author' => htmlspecialchars($r['author']), 'body' => $r['body']], array_slice($rows, 0, $n));
    }
}

$store = new Store(new \PDO('sqlite::memory:'));
echo match (true) { $store instanceof Store => "ok\n", default => null }, 0x1F, 1.5, PHP_EOL;
?>
<p>共 <?= count([]) ?> 条评论</p>
