namespace Byline.Web.Features.Related;

/// <summary>What the ranker knows about one published article.</summary>
public sealed record RelatedDocument(int Id, string Title, string Text, IReadOnlySet<int> TagIds, int CategoryId, DateTime PublishedAt);

public sealed record RelatedMatch(int ArticleId, double Score);

/// <summary>
/// Ranks articles by similarity: cosine of TF-IDF vectors (title words count three times, term
/// frequency dampened by log), plus shared tags and category, times a slight preference for
/// articles published close together. Pure and in-memory, so it is unit-tested without a database.
/// </summary>
public sealed class RelatedArticleRanker
{
    private const double TitleWeight = 3.0;
    private const double TextWeight = 0.55;
    private const double TagWeight = 0.3;
    private const double CategoryWeight = 0.15;

    /// <summary>Below this (a shared category alone scores 0.15), an article is "not similar enough" and the slot goes to the latest of the same category.</summary>
    public const double MinimumScore = 0.2;

    private readonly Dictionary<int, RelatedDocument> _documents;
    private readonly Dictionary<int, Dictionary<string, double>> _vectors = [];

    public RelatedArticleRanker(IEnumerable<RelatedDocument> corpus)
    {
        _documents = corpus.ToDictionary(d => d.Id);
        var termCounts = _documents.Values.ToDictionary(d => d.Id, CountTerms);
        var documentFrequency = new Dictionary<string, int>();
        foreach (var term in termCounts.Values.SelectMany(t => t.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }
        var n = _documents.Count;
        foreach (var (id, counts) in termCounts)
        {
            var vector = new Dictionary<string, double>(counts.Count);
            foreach (var (term, count) in counts)
            {
                var idf = Math.Log(1 + (n - documentFrequency[term] + 0.5) / (documentFrequency[term] + 0.5));
                vector[term] = (1 + Math.Log(count)) * idf;
            }
            var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
            if (norm > 0)
            {
                foreach (var term in vector.Keys.ToList())
                {
                    vector[term] /= norm;
                }
            }
            _vectors[id] = vector;
        }
    }

    /// <summary>The best <paramref name="count"/> articles for <paramref name="articleId"/>, never itself nor any in <paramref name="skip"/>.</summary>
    public IReadOnlyList<RelatedMatch> Rank(int articleId, int count, IReadOnlySet<int>? skip = null)
    {
        if (!_documents.TryGetValue(articleId, out var target))
        {
            return [];
        }
        var similar = _documents.Values
            .Where(d => d.Id != articleId && skip?.Contains(d.Id) != true)
            .Select(d => new RelatedMatch(d.Id, Score(target, d)))
            .Where(m => m.Score >= MinimumScore)
            .OrderByDescending(m => m.Score).ThenByDescending(m => _documents[m.ArticleId].PublishedAt)
            .Take(count)
            .ToList();
        if (similar.Count < count)
        {
            var chosen = similar.Select(m => m.ArticleId).ToHashSet();
            similar.AddRange(_documents.Values
                .Where(d => d.Id != articleId && d.CategoryId == target.CategoryId && !chosen.Contains(d.Id) && skip?.Contains(d.Id) != true)
                .OrderByDescending(d => d.PublishedAt)
                .Take(count - similar.Count)
                .Select(d => new RelatedMatch(d.Id, 0)));
        }
        return similar;
    }

    /// <summary>Whether <paramref name="articleId"/> is a published article the ranker knows.</summary>
    public bool Knows(int articleId) => _documents.ContainsKey(articleId);

    internal double Score(RelatedDocument a, RelatedDocument b)
    {
        var text = Cosine(_vectors[a.Id], _vectors[b.Id]);
        var union = a.TagIds.Count + b.TagIds.Count;
        var shared = a.TagIds.Count(b.TagIds.Contains);
        var tags = union == 0 ? 0 : (double)shared / (union - shared);
        var category = a.CategoryId == b.CategoryId ? 1 : 0;
        var days = Math.Abs((a.PublishedAt - b.PublishedAt).TotalDays);
        var recency = 0.9 + 0.1 * Math.Exp(-days / 180);
        return (TextWeight * text + TagWeight * tags + CategoryWeight * category) * recency;
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var sum = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                sum += weight * other;
            }
        }
        return sum;
    }

    private static Dictionary<string, double> CountTerms(RelatedDocument document)
    {
        var counts = new Dictionary<string, double>();
        foreach (var term in Tokenize(document.Title))
        {
            counts[term] = counts.GetValueOrDefault(term) + TitleWeight;
        }
        foreach (var term in Tokenize(document.Text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }
        return counts;
    }

    /// <summary>Lower-cased words of three or more letters, stop words dropped, plural "s" folded.</summary>
    internal static IEnumerable<string> Tokenize(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var word = text[start..i].Trim('\'').ToLowerInvariant();
                start = -1;
                if (word.EndsWith("'s", StringComparison.Ordinal))
                {
                    word = word[..^2];
                }
                if (word.Length < 3 || StopWords.Contains(word) || word.All(char.IsDigit))
                {
                    continue;
                }
                if (word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
                {
                    word = word[..^1];
                }
                yield return word;
            }
        }
    }

    private static readonly HashSet<string> StopWords =
    [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "him", "let",
        "say", "she", "too", "use", "that", "with", "this", "from", "they", "will", "would", "there", "their", "what",
        "about", "which", "when", "were", "been", "than", "them", "then", "these", "those", "into", "more", "most",
        "some", "such", "only", "other", "over", "also", "just", "like", "very", "said", "says", "each", "after",
        "before", "while", "where", "could", "should", "because", "being", "does", "doing", "here", "many", "much",
        "own", "same", "so", "through", "under", "until", "why", "your", "yours", "we", "it's", "don't", "year", "years",
        "last", "first", "week", "time", "between", "against", "during", "without", "within", "still", "even", "every",
    ];
}
