package blog.search;

import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** 倒排索引的简单实现。 */
public final class Index<T extends Comparable<T>> implements Iterable<T> {
    private static final int LIMIT = 1_000;
    private final Map<String, List<T>> postings = new HashMap<>();

    @Override
    public Iterator<T> iterator() {
        return postings.values().stream().flatMap(List::stream).iterator();
    }

    public void add(String term, T doc) {
        postings.computeIfAbsent(term.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(doc);
    }

    public CompletableFuture<List<T>> query(String q) {
        return CompletableFuture.supplyAsync(() -> {
            var hits = postings.getOrDefault(q, List.of());
            if (hits.size() > LIMIT) {
                throw new IllegalStateException("结果太多: " + hits.size());
            }
            return hits.stream().sorted().collect(Collectors.toList());
        });
    }

    record Hit(String url, double score) {}

    public static void main(String[] args) throws Exception {
        Index<String> index = new Index<>();
        index.add("Rust", "post-1");
        char c = 'x';
        long big = 0xFFL;
        System.out.printf("%s %c %d %b%n", index.query("rust").get(), c, big, null == args);
    }
}
