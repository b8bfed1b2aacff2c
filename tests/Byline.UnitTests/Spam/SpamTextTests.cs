using Byline.Web.Features.Spam;

namespace Byline.UnitTests.Spam;

public sealed class SpamTextTests
{
    [Fact]
    public void Clean_strips_tags_and_invisible_characters_decodes_entities_and_keeps_link_targets()
    {
        var text = SpamText.Clean("I&#39;m <b>new</b><br />see <a href=\"http://spam.example/x?a=1&amp;b=2\">this</a> &lt;3\uFEFF");

        Assert.Equal("I'm  new  see  this  <3 http://spam.example/x?a=1&b=2", text);
    }

    [Fact]
    public void Features_are_sorted_by_bucket_each_once_and_of_unit_length()
    {
        var features = SpamText.Features(new SpamSample("Ann", "Check out my channel, check out my CHANNEL!!! www.example.com"));

        Assert.NotEmpty(features);
        Assert.All(features, f => Assert.InRange(f.Bucket, 0, SpamText.BucketCount - 1));
        Assert.Equal(features.Select(f => f.Bucket).Order(), features.Select(f => f.Bucket));
        Assert.Equal(features.Length, features.Select(f => f.Bucket).Distinct().Count());
        Assert.Equal(1.0, Math.Sqrt(features.Sum(f => (double)f.Value * f.Value)), 5);
    }

    [Fact]
    public void Case_and_invisible_characters_do_not_change_the_features()
    {
        var plain = SpamText.Features(new SpamSample("", "Check out this song"));
        var disguised = SpamText.Features(new SpamSample("", "check out\u200B this song\uFEFF"));

        Assert.Equal(plain, disguised);
    }

    [Fact]
    public void The_hash_is_stable_across_runs_and_machines()
    {
        // FNV-1a of "spam" after the namespace 'w': stored models depend on it never changing.
        Assert.Equal(0xADA2DE3Bu, SpamText.Hash('w', "spam"));
    }

    [Theory]
    [InlineData("visit http://cheap.example now", "links:1")]
    [InlineData("go to mysite . com and www.other.net", "links:2")]
    [InlineData("call me on +1 (555) 123-4567", "phone")]
    [InlineData("write to deals@promo.example.org", "email")]
    [InlineData("SUBSCRIBE TO MY CHANNEL NOW", "caps:most")]
    [InlineData("wow!!! amazing", "!!!")]
    public void Meta_features_mark_links_phone_numbers_addresses_and_shouting(string content, string meta)
    {
        var buckets = SpamText.Features(new SpamSample("", content)).Select(f => f.Bucket);

        Assert.Contains(SpamText.MetaBucket(meta), buckets);
        Assert.DoesNotContain(SpamText.MetaBucket(meta), SpamText.Features(new SpamSample("", "a quiet remark about the song")).Select(f => f.Bucket));
    }

    [Fact]
    public void The_website_and_email_fields_add_features()
    {
        var without = SpamText.Features(new SpamSample("Ann", "Nice post"));
        var with = SpamText.Features(new SpamSample("Ann", "Nice post", "https://www.pills.example/buy", "ann@pills.example"));

        Assert.Contains(SpamText.MetaBucket("url-field"), with.Select(f => f.Bucket));
        Assert.True(with.Length >= without.Length + 3);
    }

    [Fact]
    public void Words_are_lower_cased_runs_of_letters_and_digits()
    {
        Assert.Equal(["check", "out", "my", "channel", "2015"], SpamText.Words("Check-out MY channel!! (2015)"));
    }
}
