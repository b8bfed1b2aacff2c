using Byline.Web.Features.Comments;

namespace Byline.UnitTests.Comments;

public sealed class CommentModeratorTests
{
    [Fact]
    public void With_no_opinion_a_first_comment_is_held() =>
        Assert.Equal(CommentVerdict.Hold, CommentModerator.Combine([]).Verdict);

    [Fact]
    public void A_vouching_check_approves_when_nothing_objects()
    {
        var decision = CommentModerator.Combine([new(CommentVerdict.Approve, "returning commenter")]);

        Assert.Equal(CommentVerdict.Approve, decision.Verdict);
        Assert.Equal("approved: returning commenter", decision.Reason);
    }

    [Fact]
    public void The_most_severe_objection_wins_and_its_reasons_are_kept()
    {
        var decision = CommentModerator.Combine(
        [
            new(CommentVerdict.Approve, "returning commenter"),
            new(CommentVerdict.Hold, "3 links"),
            new(CommentVerdict.Hold, "blocked word"),
        ]);

        Assert.Equal(CommentVerdict.Hold, decision.Verdict);
        Assert.Equal("held: 3 links, blocked word", decision.Reason);
    }

    [Fact]
    public void Replies_nest_under_their_parents_and_pending_comments_do_not_count()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var thread = CommentThread.Build(
        [
            new CommentView(1, null, "a", null, "root", at, false),
            new CommentView(2, 1, "b", null, "reply", at, false),
            new CommentView(3, 2, "c", null, "reply to reply", at, true),
            new CommentView(4, 99, "d", null, "orphan", at, false),
        ]);

        Assert.Equal([1, 4], thread.Roots.Select(r => r.Comment.Id));
        Assert.Equal(3, thread.Roots[0].Replies[0].Replies[0].Comment.Id);
        Assert.Equal(3, thread.ApprovedCount);
    }

    [Theory]
    [InlineData(0, "No Comments")]
    [InlineData(1, "1 Comment")]
    [InlineData(4, "4 Comments")]
    [InlineData(1200, "1,200 Comments")]
    public void Comment_counts_read_naturally(int count, string expected) => Assert.Equal(expected, CommentCounts.Text(count));

    [Fact]
    public void Comment_text_is_encoded_and_split_into_paragraphs() =>
        Assert.Equal("<p>&lt;b&gt;hi&lt;/b&gt;<br>there</p><p>again</p>",
            CommentText.ToHtml("<b>hi</b>\nthere\n\n\nagain").ToString());
}
