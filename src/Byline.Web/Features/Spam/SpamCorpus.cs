using System.Text;

namespace Byline.Web.Features.Spam;

/// <summary>A labeled comment for training or evaluation.</summary>
public sealed record SpamExample(SpamSample Sample, bool IsSpam);

/// <summary>
/// Reads labeled comments in the YouTube Spam Collection format: <c>COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS</c>,
/// RFC 4180 quoting, UTF-8, CLASS 1 = spam and 0 = ham. Columns are found by name, so their order and any
/// extra columns do not matter. Malformed input fails with the file name and line number.
/// </summary>
public static class SpamCorpus
{
    public static IReadOnlyList<SpamExample> ReadFile(string path)
    {
        // Strict UTF-8: a file in another encoding should fail loudly, not train on mojibake.
        var text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        return Parse(text, Path.GetFileName(path));
    }

    public static IReadOnlyList<SpamExample> Parse(string csv, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(csv);
        var rows = ParseCsv(csv, source);
        if (rows.Count == 0)
        {
            throw new FormatException($"{source}: empty file, expected a header line COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS.");
        }
        var header = rows[0].Fields;
        var author = Column(header, "AUTHOR", source);
        var content = Column(header, "CONTENT", source);
        var label = Column(header, "CLASS", source);

        var examples = new List<SpamExample>(rows.Count - 1);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{source} line {line}: {fields.Length} fields, but the header has {header.Length}.");
            }
            var isSpam = fields[label].Trim() switch
            {
                "1" => true,
                "0" => false,
                var other => throw new FormatException($"{source} line {line}: CLASS is '{other}', expected 1 (spam) or 0 (ham)."),
            };
            examples.Add(new SpamExample(new SpamSample(fields[author], fields[content]), isSpam));
        }
        return examples;
    }

    private static int Column(string[] header, string name, string source)
    {
        var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new FormatException($"{source} line 1: no {name} column in the header '{string.Join(',', header)}'.");
    }

    /// <summary>
    /// RFC 4180: fields separated by commas, records by CRLF or LF; a quoted field may hold commas,
    /// line breaks and doubled quotes. Each record carries the line it starts on, for error messages.
    /// </summary>
    internal static List<(int Line, string[] Fields)> ParseCsv(string text, string source)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var atFieldStart = true;

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException($"{source} line {quoteLine}: a quoted field is never closed.");
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n')
                    {
                        line++;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                {
                    throw new FormatException($"{source} line {line}: unexpected '{text[i]}' after a closing quote; quotes inside a field must be doubled.");
                }
                atFieldStart = false;
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    break;
                case '"':
                    throw new FormatException($"{source} line {line}: a quote inside an unquoted field; quote the field and double the quote.");
                default:
                    field.Append(c);
                    atFieldStart = false;
                    i++;
                    break;
            }
        }
        if (!atFieldStart || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }
        return records;
    }
}
