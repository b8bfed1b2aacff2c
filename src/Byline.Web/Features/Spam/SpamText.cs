using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Byline.Web.Features.Spam;

/// <summary>A comment as the classifier sees it: the commenter's name, the text, and the optional website and e-mail fields.</summary>
public sealed record SpamSample(string Author, string Content, string? Url = null, string? Email = null);

/// <summary>One non-zero entry of a hashed feature vector.</summary>
public readonly record struct SpamFeature(int Bucket, float Value);

/// <summary>
/// Turns a comment into a sparse, hashed feature vector: word unigrams and bigrams, character 3–5-grams
/// within whitespace-separated chunks, and a few meta features (links, phone numbers, e-mail addresses,
/// shouting). Hashing keeps the model a fixed-size array whatever words the spammers invent next.
/// </summary>
public static partial class SpamText
{
    /// <summary>Bumped whenever features change, so a stored model from older features is refused, not misread.</summary>
    public const byte FeatureVersion = 1;

    public const int BucketBits = 18;
    public const int BucketCount = 1 << BucketBits;

    // Words and n-grams come from the first 2,000 characters (the collection's longest comment is 1,200):
    // beyond that, more text adds cost but little signal. Links, phone numbers and addresses are still
    // looked for in the whole text, so a link buried at the end of a long comment is seen.
    private const int MaxTokenizedChars = 2_000;

    // U+FEFF ends most YouTube comments; zero-width characters split words to slip past filters.
    private static readonly SearchValues<char> Invisible = SearchValues.Create("\uFEFF\u200B\u200C\u200D\u2060");

    // Namespaces keep "com" the word apart from "com" the character trigram or the author's name.
    private const char WordSpace = 'w';
    private const char BigramSpace = 'b';
    private const char CharSpace = 'c';
    private const char MetaSpace = 'm';
    private const char AuthorSpace = 'a';
    private const char DomainSpace = 'd';

    // Group weights: character n-grams are many and individually weak, so each counts for less.
    private const float WordWeight = 1f;
    private const float BigramWeight = 1f;
    private const float CharWeight = 0.5f;
    private const float MetaWeight = 1.5f;
    private const float AuthorWeight = 0.5f;

    [GeneratedRegex(@"<(?:a|area|link)\b[^>]*?\bhref\s*=\s*[""']?([^""'\s>]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HrefPattern { get; }

    [GeneratedRegex(@"<[a-zA-Z/!?][^>]*>")]
    private static partial Regex TagPattern { get; }

    // The look-behind (not "\b[a-z0-9-]{2,}") keeps the scan linear and ~4x faster on long comments.
    [GeneratedRegex(@"https?://[^\s<>""]+|www\.[^\s<>""]+|(?<=[a-z0-9-]{2})(?:\s?\.\s?|\s+dot\s+)(?:com|net|org|info|biz|ru|co|me|tv|ly|gl|tk|us|uk|de|in|io|xyz|online|site)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern { get; }

    [GeneratedRegex(@"https?://(?:www\.)?([a-z0-9.-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern { get; }

    [GeneratedRegex(@"(?:\+?\d[\s\-().]{0,2}){7,}")]
    private static partial Regex PhonePattern { get; }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[a-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern { get; }

    [GeneratedRegex(@"\.\s?com\b|\bdot\s+com\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DotComPattern { get; }

    /// <summary>
    /// The text a reader would see, plus the targets of any links (a spammer's link hides behind
    /// innocent anchor text): tags stripped, entities decoded, invisible characters removed.
    /// </summary>
    public static string Clean(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = html;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            var hrefs = HrefPattern.Matches(text).Select(m => m.Groups[1].Value).ToList();
            text = TagPattern.Replace(text, " ");
            if (hrefs.Count > 0)
            {
                text = text + " " + string.Join(' ', hrefs);
            }
        }
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }
        return RemoveInvisible(text).Trim();
    }

    /// <summary>How many links the text holds, including spelled-out ones like "mysite . com".</summary>
    public static int CountLinks(string text) => LinkPattern.Count(text);

    /// <summary>Lower-cased runs of letters and digits.</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>The sample's features: sorted by bucket, each bucket once, scaled to unit length.</summary>
    public static SpamFeature[] Features(SpamSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var collector = new Collector();
        try
        {
            var content = Clean(sample.Content ?? "");
            AddText(ref collector, content);
            AddMeta(ref collector, content, sample);
            return collector.ToFeatures();
        }
        finally
        {
            collector.Dispose();
        }
    }

    private static string RemoveInvisible(string text)
    {
        if (text.AsSpan().IndexOfAny(Invisible) < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!Invisible.Contains(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static void AddText(ref Collector collector, string content)
    {
        var source = content.AsSpan(0, Math.Min(content.Length, MaxTokenizedChars));
        var lower = ArrayPool<char>.Shared.Rent(source.Length + 2);
        try
        {
            // Padded with spaces so every chunk has a start and an end marker for its n-grams.
            var text = lower.AsSpan(0, source.Length + 2);
            text[0] = ' ';
            text[^1] = ' ';
            for (var i = 0; i < source.Length; i++)
            {
                var c = char.ToLowerInvariant(source[i]);
                text[i + 1] = char.IsWhiteSpace(c) ? ' ' : c;
            }
            AddWords(ref collector, text);
            AddCharGrams(ref collector, text);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
        }
    }

    private static void AddWords(ref Collector collector, ReadOnlySpan<char> text)
    {
        uint previous = 0;
        var hasPrevious = false;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var word = Hash(WordSpace, text[start..i]);
            collector.Add(word, WordWeight);
            if (hasPrevious)
            {
                collector.Add(Combine(BigramSpace, previous, word), BigramWeight);
            }
            previous = word;
            hasPrevious = true;
        }
    }

    private static void AddCharGrams(ref Collector collector, ReadOnlySpan<char> text)
    {
        // Chunks are split on whitespace only, so ".com", "!!!" and "watch?v=" keep their punctuation.
        var i = 1;
        while (i < text.Length - 1)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            var start = i - 1;
            while (text[i] != ' ')
            {
                i++;
            }
            var chunk = text[start..(i + 1)];
            for (var k = 0; k + 3 <= chunk.Length; k++)
            {
                // FNV-1a is incremental: the 3-gram's hash extends to the 4- and 5-gram at the same start.
                var hash = Hash(CharSpace, chunk.Slice(k, 3));
                collector.Add(hash, CharWeight);
                for (var end = k + 3; end < Math.Min(k + 5, chunk.Length); end++)
                {
                    hash = (hash ^ chunk[end]) * 16777619u;
                    collector.Add(hash, CharWeight);
                }
            }
        }
    }

    private static void AddMeta(ref Collector collector, string content, SpamSample sample)
    {
        var links = CountLinks(content);
        Meta(ref collector, links switch { 0 => "links:0", 1 => "links:1", 2 => "links:2", _ => "links:3+" });
        if (content.Contains("http", StringComparison.OrdinalIgnoreCase))
        {
            Meta(ref collector, "http");
        }
        if (content.Contains("www", StringComparison.OrdinalIgnoreCase))
        {
            Meta(ref collector, "www");
        }
        if (DotComPattern.IsMatch(content))
        {
            Meta(ref collector, ".com");
        }
        if (PhonePattern.IsMatch(content))
        {
            Meta(ref collector, "phone");
        }
        if (EmailPattern.IsMatch(content))
        {
            Meta(ref collector, "email");
        }
        foreach (Match match in DomainPattern.Matches(content))
        {
            collector.Add(Hash(DomainSpace, match.Groups[1].ValueSpan.ToString().ToLowerInvariant()), WordWeight);
        }

        int letters = 0, capitals = 0;
        foreach (var c in content)
        {
            if (char.IsLetter(c))
            {
                letters++;
                capitals += char.IsUpper(c) ? 1 : 0;
            }
        }
        if (letters >= 8 && capitals * 2 >= letters)
        {
            Meta(ref collector, "caps:half");
            if (capitals * 5 >= letters * 4)
            {
                Meta(ref collector, "caps:most");
            }
        }
        if (content.Contains("!!", StringComparison.Ordinal))
        {
            Meta(ref collector, "!!");
            if (content.Contains("!!!", StringComparison.Ordinal))
            {
                Meta(ref collector, "!!!");
            }
        }
        Meta(ref collector, "len:" + (int)Math.Log2(content.Length + 1));

        // The website and e-mail fields: their domains share the namespace of domains linked in the text,
        // so a domain learned as spammy in one place counts in the other.
        if (!string.IsNullOrWhiteSpace(sample.Url))
        {
            Meta(ref collector, "url-field");
            var url = sample.Url.Trim();
            if (Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var uri))
            {
                var host = uri.Host.ToLowerInvariant();
                collector.Add(Hash(DomainSpace, host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host), WordWeight);
            }
        }
        if (!string.IsNullOrWhiteSpace(sample.Email))
        {
            Meta(ref collector, "email-field");
            var domain = sample.Email[(sample.Email.LastIndexOf('@') + 1)..].Trim().ToLowerInvariant();
            collector.Add(Hash(DomainSpace, domain), AuthorWeight);
        }
        foreach (var word in Words(sample.Author ?? ""))
        {
            collector.Add(Hash(AuthorSpace, word), AuthorWeight);
        }
    }

    private static void Meta(ref Collector collector, string name) => collector.Add(Hash(MetaSpace, name), MetaWeight);

    /// <summary>The bucket of a meta feature such as "links:1" or "phone", for tests.</summary>
    internal static int MetaBucket(string name) => Bucket(Hash(MetaSpace, name));

    /// <summary>FNV-1a over the UTF-16 code units, seeded by the namespace; stable across runs and machines (unlike string.GetHashCode).</summary>
    internal static uint Hash(char space, ReadOnlySpan<char> text)
    {
        var hash = (2166136261u ^ space) * 16777619u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    private static uint Combine(char space, uint first, uint second) =>
        ((((2166136261u ^ space) * 16777619u) ^ first) * 16777619u ^ second) * 16777619u;

    /// <summary>FNV's low bits are weak; a murmur3 finaliser spreads them before the bucket mask.</summary>
    internal static int Bucket(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return (int)(hash & (BucketCount - 1));
    }

    /// <summary>Gathers hashed features into pooled arrays; no per-feature allocation, so scoring stays in microseconds.</summary>
    [StructLayout(LayoutKind.Auto)]
    private struct Collector : IDisposable
    {
        private uint[] _hashes;
        private float[] _weights;
        private int _count;

        public Collector()
        {
            _hashes = ArrayPool<uint>.Shared.Rent(1024);
            _weights = ArrayPool<float>.Shared.Rent(1024);
        }

        public void Add(uint hash, float weight)
        {
            if (_count == _hashes.Length)
            {
                Grow(ref _hashes, _count);
                Grow(ref _weights, _count);
            }
            _hashes[_count] = hash;
            _weights[_count] = weight;
            _count++;
        }

        /// <summary>Binary presence: a feature counts once however often it occurs; features that share a bucket add up.</summary>
        public readonly SpamFeature[] ToFeatures()
        {
            var hashes = _hashes.AsSpan(0, _count);
            var weights = _weights.AsSpan(0, _count);
            hashes.Sort(weights);

            // Reuse the hash array for bucket numbers: each unique hash becomes one (bucket, weight) entry.
            var unique = 0;
            var buckets = MemoryMarshal.Cast<uint, int>(hashes);
            uint previous = 0;
            for (var i = 0; i < hashes.Length; i++)
            {
                // Writes go to index unique <= i, so hashes[i - 1] may already be a bucket: compare with a copy.
                var hash = hashes[i];
                if (i > 0 && hash == previous)
                {
                    continue;
                }
                previous = hash;
                weights[unique] = weights[i];
                buckets[unique] = Bucket(hash);
                unique++;
            }
            buckets = buckets[..unique];
            weights = weights[..unique];
            buckets.Sort(weights);

            var merged = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                if (merged > 0 && buckets[merged - 1] == buckets[i])
                {
                    weights[merged - 1] += weights[i];
                }
                else
                {
                    buckets[merged] = buckets[i];
                    weights[merged] = weights[i];
                    merged++;
                }
            }

            double norm = 0;
            for (var i = 0; i < merged; i++)
            {
                norm += weights[i] * weights[i];
            }
            var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
            var features = new SpamFeature[merged];
            for (var i = 0; i < merged; i++)
            {
                features[i] = new SpamFeature(buckets[i], weights[i] * scale);
            }
            return features;
        }

        public readonly void Dispose()
        {
            ArrayPool<uint>.Shared.Return(_hashes);
            ArrayPool<float>.Shared.Return(_weights);
        }

        private static void Grow<T>(ref T[] array, int count)
        {
            var larger = ArrayPool<T>.Shared.Rent(array.Length * 2);
            array.AsSpan(0, count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(array);
            array = larger;
        }
    }
}
