using System.Text;
using System.Text.Encodings.Web;
using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Search;

public sealed record SearchHit(string Title, string Url, DateTime PublishedAt, string AuthorName, IHtmlContent Snippet);

/// <summary>
/// One page of results. TotalCount stops at <see cref="SearchOptions.MaxResults"/>; MoreThanCounted says
/// there are more matches than that (shown as "1,000+ results").
/// </summary>
public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Hits, int PageNumber, int TotalPages, int TotalCount, bool MoreThanCounted = false);

/// <summary>
/// Ranked full-text search over titles, excerpts and bodies: SQLite FTS5 (bm25, title weighted
/// 10, excerpt 4) or PostgreSQL's tsvector with a GIN index (ts_rank, weights A/B/D). Whatever the
/// visitor types is reduced to plain words before it reaches either engine's query syntax, so
/// operators, quotes and junk can only narrow a search, never break it.
/// </summary>
/// <remarks>
/// Speed with a large archive: a common word matches most articles, and ranking (bm25, ts_rank) costs
/// the same for every match, so at 100,000 articles ranking all of them takes longer than the whole
/// page may. Both engines therefore rank only the newest <see cref="SearchOptions.MaxResults"/> published
/// matches (by id, which is the order articles were written in; the full-text indexes walk it without
/// sorting) and count no further than that. Snippets, the other costly part, are made for the page's rows only.
/// </remarks>
public sealed class ArticleSearch(BylineDbContext db, TimeProvider clock, IOptions<SearchOptions> options, Permalinks permalinks)
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
        var cap = options.Value.MaxResults;
        var now = clock.GetUtcNow().UtcDateTime;
        var skip = (pageNumber - 1) * pageSize;
        var open = MarkOpen.ToString();
        var close = MarkClose.ToString();
        var sqlite = db.Database.IsSqlite();
        var match = string.Join(' ', terms.Select(t => $"\"{t}\""));
        var text = string.Join(' ', terms);
        var countPlusOne = cap + 1;

        // Counting stops at cap + 1 rows: enough to say "1,000+" without visiting every match.
        var counted = sqlite
            ? await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*) AS "Value" FROM (
                    SELECT 1 FROM "ArticleSearch" CROSS JOIN "Articles" AS a ON a."Id" = "ArticleSearch".rowid
                    WHERE "ArticleSearch" MATCH {match} AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                    LIMIT {countPlusOne})
                """).SingleAsync(cancellationToken)
            : await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*)::int AS "Value" FROM (
                    SELECT 1 FROM "Articles" AS a
                    WHERE a."SearchVector" @@ plainto_tsquery('simple', {text}) AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                    LIMIT {countPlusOne}) AS m
                """).SingleAsync(cancellationToken);
        var total = Math.Min(counted, cap);
        var totalPages = Math.Max(1, (total + pageSize - 1) / pageSize);
        if (pageNumber > totalPages)
        {
            return null;
        }
        List<SearchRow> rows;
        if (sqlite)
        {
            // Each word quoted: FTS5 reads them as plain terms, all required. CROSS JOIN keeps the
            // full-text index as the outer loop (SQLite's join-order hint), walked newest id first so
            // LIMIT stops it early; bm25 runs only for those rows. The page's rows then meet the index
            // once more, by rowid, for their snippets.
            rows = await db.Database.SqlQuery<SearchRow>($"""
                WITH candidates AS (
                    SELECT "ArticleSearch".rowid AS "Id", bm25("ArticleSearch", 10.0, 4.0, 1.0) AS "Score", a."PublishedAt"
                    FROM "ArticleSearch" CROSS JOIN "Articles" AS a ON a."Id" = "ArticleSearch".rowid
                    WHERE "ArticleSearch" MATCH {match} AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                    ORDER BY "ArticleSearch".rowid DESC LIMIT {cap}),
                page AS (
                    SELECT "Id", "Score", "PublishedAt" FROM candidates ORDER BY "Score", "PublishedAt" DESC LIMIT {pageSize} OFFSET {skip})
                SELECT a."Slug", a."Title", a."PublishedAt", a."CategoryId", au."DisplayName" AS "AuthorName",
                       snippet("ArticleSearch", -1, {open}, {close}, '…', 28) AS "Snippet"
                FROM page CROSS JOIN "ArticleSearch" ON "ArticleSearch".rowid = page."Id"
                JOIN "Articles" AS a ON a."Id" = page."Id" JOIN "Authors" AS au ON au."Id" = a."AuthorId"
                WHERE "ArticleSearch" MATCH {match}
                ORDER BY page."Score", page."PublishedAt" DESC
                """).ToListAsync(cancellationToken);
        }
        else
        {
            // The candidates are the newest matches by id (a backwards primary-key scan for common words,
            // the GIN index and a small sort for rare ones); ts_rank and ts_headline never see more rows
            // than the candidates and the page.
            var headline = $"StartSel={open}, StopSel={close}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";
            rows = await db.Database.SqlQuery<SearchRow>($"""
                WITH candidates AS MATERIALIZED (
                    SELECT a."Id", a."PublishedAt", a."SearchVector" FROM "Articles" AS a
                    WHERE a."SearchVector" @@ plainto_tsquery('simple', {text}) AND a."Status" = 'Published' AND a."PublishedAt" <= {now}
                    ORDER BY a."Id" DESC LIMIT {cap}),
                page AS MATERIALIZED (
                    SELECT c."Id", c."PublishedAt", ts_rank(c."SearchVector", plainto_tsquery('simple', {text})) AS "Score" FROM candidates AS c
                    ORDER BY "Score" DESC, c."PublishedAt" DESC LIMIT {pageSize} OFFSET {skip})
                SELECT a."Slug", a."Title", a."PublishedAt", a."CategoryId", au."DisplayName" AS "AuthorName",
                       ts_headline('simple', coalesce(a."Excerpt", '') || ' ' || a."BodyMarkdown", plainto_tsquery('simple', {text}), {headline}) AS "Snippet"
                FROM page JOIN "Articles" AS a ON a."Id" = page."Id" JOIN "Authors" AS au ON au."Id" = a."AuthorId"
                ORDER BY page."Score" DESC, page."PublishedAt" DESC
                """).ToListAsync(cancellationToken);
        }
        var links = await permalinks.GetAsync(cancellationToken);
        var hits = rows.Select(r => new SearchHit(r.Title, links.Url(DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc), r.Slug, r.CategoryId),
            DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc), r.AuthorName, Highlight(r.Snippet))).ToList();
        return new SearchResults(query, hits, pageNumber, totalPages, total, counted > cap);
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
