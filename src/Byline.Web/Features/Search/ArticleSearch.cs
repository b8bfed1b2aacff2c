using System.Text;
using System.Text.Encodings.Web;
using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Search;

public sealed record SearchHit(string Title, string Url, DateTime PublishedAt, string AuthorName, IHtmlContent Snippet);

public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Hits, int PageNumber, int TotalPages, int TotalCount);

/// <summary>
/// Ranked full-text search over titles, excerpts and bodies: SQLite FTS5 (bm25, title weighted
/// 10, excerpt 4) or PostgreSQL's tsvector with a GIN index (ts_rank, weights A/B/D). Whatever the
/// visitor types is reduced to plain words before it reaches either engine's query syntax, so
/// operators, quotes and junk can only narrow a search, never break it.
/// </summary>
public sealed class ArticleSearch(BylineDbContext db, TimeProvider clock, Permalinks permalinks)
{
    public const int MaxQueryLength = 200;
    private const int MaxTerms = 10;
    private const char MarkOpen = '\u0002';
    private const char MarkClose = '\u0003';

    /// <summary>Null for a page past the end.</summary>
    public async Task<SearchResults?> SearchAsync(string query, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return pageNumber == 1 ? new SearchResults(query, [], 1, 1, 0) : null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var skip = (pageNumber - 1) * pageSize;
        var open = MarkOpen.ToString();
        var close = MarkClose.ToString();
        int total;
        List<SearchRow> rows;
        if (db.Database.IsSqlite())
        {
            // Each word quoted: FTS5 reads them as plain terms, all required. CROSS JOIN keeps the
            // full-text index as the outer loop (SQLite's join-order hint); otherwise the planner may
            // scan every article and run the match once per row.
            var match = string.Join(' ', terms.Select(t => $"\"{t}\""));
            total = await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*) AS "Value" FROM "ArticleSearch" CROSS JOIN "Articles" AS a ON a."Id" = "ArticleSearch".rowid
                WHERE "ArticleSearch" MATCH {match} AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                """).SingleAsync(cancellationToken);
            rows = await db.Database.SqlQuery<SearchRow>($"""
                SELECT a."Slug", a."Title", a."PublishedAt", a."CategoryId", au."DisplayName" AS "AuthorName",
                       snippet("ArticleSearch", -1, {open}, {close}, '…', 28) AS "Snippet"
                FROM "ArticleSearch" CROSS JOIN "Articles" AS a ON a."Id" = "ArticleSearch".rowid JOIN "Authors" AS au ON au."Id" = a."AuthorId"
                WHERE "ArticleSearch" MATCH {match} AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                ORDER BY bm25("ArticleSearch", 10.0, 4.0, 1.0), a."PublishedAt" DESC
                LIMIT {pageSize} OFFSET {skip}
                """).ToListAsync(cancellationToken);
        }
        else
        {
            var text = string.Join(' ', terms);
            var options = $"StartSel={open}, StopSel={close}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";
            total = await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*)::int AS "Value" FROM "Articles" AS a
                WHERE a."SearchVector" @@ plainto_tsquery('simple', {text}) AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                """).SingleAsync(cancellationToken);
            rows = await db.Database.SqlQuery<SearchRow>($"""
                SELECT a."Slug", a."Title", a."PublishedAt", a."CategoryId", au."DisplayName" AS "AuthorName",
                       ts_headline('simple', coalesce(a."Excerpt", '') || ' ' || a."BodyMarkdown", plainto_tsquery('simple', {text}), {options}) AS "Snippet"
                FROM "Articles" AS a JOIN "Authors" AS au ON au."Id" = a."AuthorId"
                WHERE a."SearchVector" @@ plainto_tsquery('simple', {text}) AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                ORDER BY ts_rank(a."SearchVector", plainto_tsquery('simple', {text})) DESC, a."PublishedAt" DESC
                LIMIT {pageSize} OFFSET {skip}
                """).ToListAsync(cancellationToken);
        }
        var totalPages = Math.Max(1, (total + pageSize - 1) / pageSize);
        if (pageNumber > totalPages)
        {
            return null;
        }
        var links = await permalinks.GetAsync(cancellationToken);
        var hits = rows.Select(r => new SearchHit(r.Title, links.Url(DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc), r.Slug, r.CategoryId),
            DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc), r.AuthorName, Highlight(r.Snippet))).ToList();
        return new SearchResults(query, hits, pageNumber, totalPages, total);
    }

    /// <summary>Up to ten words of letters and digits; everything else (operators, quotes, markup) is a separator.</summary>
    internal static IReadOnlyList<string> Terms(string? query)
    {
        var text = query ?? "";
        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
        }
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0 && terms.Count < MaxTerms)
            {
                terms.Add(word.Length > 50 ? word.ToString(0, 50) : word.ToString());
            }
            word.Clear();
        }
        return terms.Distinct().ToList();
    }

    /// <summary>The engine's snippet as safe HTML: everything encoded, Markdown marks dropped, matches in &lt;mark&gt;.</summary>
    internal static IHtmlContent Highlight(string snippet)
    {
        var plain = new StringBuilder(snippet.Length);
        foreach (var c in snippet)
        {
            if (c is not ('*' or '#' or '`'))
            {
                plain.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }
        var encoded = HtmlEncoder.Default.Encode(plain.ToString())
            .Replace(HtmlEncoder.Default.Encode(MarkOpen.ToString()), "<mark>", StringComparison.Ordinal)
            .Replace(HtmlEncoder.Default.Encode(MarkClose.ToString()), "</mark>", StringComparison.Ordinal);
        return new HtmlString(encoded);
    }

    private sealed record SearchRow(string Slug, string Title, DateTime PublishedAt, int CategoryId, string AuthorName, string Snippet);
}
