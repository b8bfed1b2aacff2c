using Byline.Web.Features.Spam;

namespace Byline.UnitTests.Spam;

public sealed class SpamCorpusTests
{
    private const string Header = "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n";

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var csv = Header
            + "a1,\"Smith, Jo\",2014-01-01,\"He said \"\"subscribe\"\",\nthen left\r\nagain\",1\n"
            + "a2,Ann,,plain text,0\n";

        var examples = SpamCorpus.Parse(csv);

        Assert.Equal(2, examples.Count);
        Assert.Equal("Smith, Jo", examples[0].Sample.Author);
        Assert.Equal("He said \"subscribe\",\nthen left\r\nagain", examples[0].Sample.Content);
        Assert.True(examples[0].IsSpam);
        Assert.Equal("plain text", examples[1].Sample.Content);
        Assert.False(examples[1].IsSpam);
    }

    [Fact]
    public void A_byte_order_mark_crlf_line_ends_and_a_missing_final_newline_are_accepted()
    {
        var csv = "\uFEFF" + Header.Replace("\n", "\r\n", StringComparison.Ordinal) + "a1,Ann,2014,hello\uFEFF,0";

        var example = Assert.Single(SpamCorpus.Parse(csv));

        Assert.Equal("Ann", example.Sample.Author);
        Assert.Equal("hello\uFEFF", example.Sample.Content); // kept as data; SpamText.Clean removes it
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_blank_lines_are_skipped()
    {
        var csv = "CLASS,CONTENT,EXTRA,AUTHOR\n1,buy now,x,Bot\n\n0,nice song,y,Fan\n";

        var examples = SpamCorpus.Parse(csv);

        Assert.Equal(["Bot", "Fan"], examples.Select(e => e.Sample.Author));
        Assert.Equal([true, false], examples.Select(e => e.IsSpam));
    }

    [Theory]
    [InlineData("a1,Ann,2014,\"never closed,0\na2,Bob,2014,fine,0\n", "line 2", "never closed")]
    [InlineData("a1,Ann,2014,\"two\nlines\",0\na2,Bob,2014,she said \"hi\",0\n", "line 4", "quote")]
    [InlineData("a1,Ann,2014,\"closed\"x,0\n", "line 2", "closing quote")]
    [InlineData("a1,Ann,2014,hello,0\na2,Bob,hello,0\n", "line 3", "4 fields")]
    [InlineData("a1,Ann,2014,hello,spam\n", "line 2", "CLASS is 'spam'")]
    public void Malformed_input_fails_with_the_file_name_and_line(string body, string line, string detail)
    {
        var error = Assert.Throws<FormatException>(() => SpamCorpus.Parse(Header + body, "comments.csv"));

        Assert.Contains($"comments.csv {line}", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_the_needed_columns_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => SpamCorpus.Parse("ID,TEXT\n1,hi\n", "x.csv"));

        Assert.Contains("no AUTHOR column", error.Message, StringComparison.Ordinal);
    }
}
