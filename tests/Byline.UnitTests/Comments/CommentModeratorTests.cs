using Byline.Web.Features.Comments;
using Byline.Web.Features.Site;

namespace Byline.UnitTests.Comments;

public sealed class CommentModeratorTests
{
    private const CommentModerationPolicy FirstTime = CommentModerationPolicy.HoldFirstTime;

    [Fact]
    public void With_no_opinion_a_first_comment_is_held()
    {
        var decision = CommentModerator.Combine([], FirstTime);

        Assert.Equal(CommentVerdict.Hold, decision.Verdict);
        Assert.Equal("held: first comment from this e-mail address", decision.Reason);
    }

    [Fact]
    public void A_vouching_check_approves_when_nothing_objects()
    {
        var decision = CommentModerator.Combine([new(CommentVerdict.Approve, "returning commenter")], FirstTime);

        Assert.Equal(CommentVerdict.Approve, decision.Verdict);
        Assert.Equal("approved: returning commenter", decision.Reason);
    }

    [Fact]
    public void The_most_severe_objection_wins_and_every_objection_is_explained()
    {
        var decision = CommentModerator.Combine(
        [
            new(CommentVerdict.Hold, "3 links"),
            new(CommentVerdict.Spam, "classifier 0.97"),
            new(CommentVerdict.Hold, "blocked word"),
        ], FirstTime);

        Assert.Equal(CommentVerdict.Spam, decision.Verdict);
        Assert.Equal("spam: classifier 0.97, 3 links, blocked word", decision.Reason);
    }

    [Fact]
    public void A_held_first_comment_says_so_but_a_held_returning_commenter_does_not()
    {
        Assert.Equal("held: 3 links, first comment",
            CommentModerator.Combine([new(CommentVerdict.Hold, "3 links")], FirstTime).Reason);
        Assert.Equal("held: 3 links",
            CommentModerator.Combine([new(CommentVerdict.Approve, "returning commenter"), new(CommentVerdict.Hold, "3 links")], FirstTime).Reason);
    }

    [Theory]
    [InlineData(CommentModerationPolicy.HoldAll, CommentVerdict.Hold)]
    [InlineData(CommentModerationPolicy.ApproveAll, CommentVerdict.Approve)]
    [InlineData(CommentModerationPolicy.HoldFirstTime, CommentVerdict.Hold)]
    public void The_moderation_policy_decides_when_no_check_objects(CommentModerationPolicy policy, CommentVerdict expected) =>
        Assert.Equal(expected, CommentModerator.Combine([], policy).Verdict);

    [Fact]
    public void Hold_all_holds_even_returning_commenters_and_approve_all_still_respects_objections()
    {
        Assert.Equal(CommentVerdict.Hold,
            CommentModerator.Combine([new(CommentVerdict.Approve, "returning commenter")], CommentModerationPolicy.HoldAll).Verdict);
        Assert.Equal(CommentVerdict.Spam,
            CommentModerator.Combine([new(CommentVerdict.Spam, "honeypot field filled in")], CommentModerationPolicy.ApproveAll).Verdict);
    }

    [Fact]
    public void Replies_nest_under_their_parents_and_pending_comments_do_not_count()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var thread = CommentThread.Build(
        [
            new CommentView(1, null, "a", null, "root", null, at, false),
            new CommentView(2, 1, "b", null, "reply", null, at, false),
            new CommentView(3, 2, "c", null, "reply to reply", null, at, true),
            new CommentView(4, 99, "d", null, "orphan", null, at, false),
        ]);

        Assert.Equal([1, 4], thread.Roots.Select(r => r.Comment.Id));
        Assert.Equal(3, thread.Roots[0].Replies[0].Replies[0].Comment.Id);
        Assert.Equal(3, thread.ApprovedCount);
    }

    [Fact]
    public void Replies_deeper_than_the_limit_are_shown_after_their_ancestor_at_the_limit()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        CommentView C(int id, int? parent) => new(id, parent, "x", null, "text", null, at.AddMinutes(id), false);

        var thread = CommentThread.Build([C(1, null), C(2, 1), C(3, 2), C(4, 3), C(5, 2)], maxDepth: 2);

        var root = Assert.Single(thread.Roots);
        Assert.Equal([2, 3, 4, 5], root.Replies.Select(r => r.Comment.Id));
        Assert.All(root.Replies, r => Assert.Empty(r.Replies));
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
