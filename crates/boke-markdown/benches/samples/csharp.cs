using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Blog.Services;

/// <summary>文章服务</summary>
public record Post(int Id, string Title, DateTime Date);

public interface IRepository<T> where T : class
{
    Task<IReadOnlyList<T>> AllAsync();
}

public sealed class PostService
{
    private readonly IRepository<Post> _repo;
    private const int PageSize = 10;

    public PostService(IRepository<Post> repo) => _repo = repo;

    public async Task<IEnumerable<Post>> PageAsync(int page = 1)
    {
        var posts = await _repo.AllAsync();
        return posts
            .Where(p => p.Date <= DateTime.UtcNow)
            .OrderByDescending(p => p.Date)
            .Skip((page - 1) * PageSize)
            .Take(PageSize);
    }

    public static string Describe(object? o) => o switch
    {
        Post { Title: var t } => $"文章：{t}",
        null => "空",
        _ => throw new ArgumentException(nameof(o)),
    };
}

[Obsolete("use PageAsync")]
static class Legacy { public static char C = 'x'; public static double D = 1.5e3; public static bool B = true; }
