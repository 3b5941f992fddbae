using System.Net;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("Agent <img src=x onerror=\"window.__xss='agent'\">")]
    [InlineData("[press here](javascript:alert(1))")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("AT&T &lt;3")]
    public void Markup_in_a_name_becomes_character_references_that_decode_back_to_the_name(string name)
    {
        var literal = MarkdownText.Literal(name);

        // Nothing a Markdown or HTML parser could take as a tag, a link or an entity of the name's own.
        Assert.DoesNotContain('<', literal);
        Assert.DoesNotContain('>', literal);
        Assert.DoesNotContain('[', literal);
        Assert.DoesNotContain(']', literal);
        // What the client shows once it decodes the references: exactly what was given.
        Assert.Equal(name, WebUtility.HtmlDecode(literal));
    }

    [Theory]
    [InlineData("Budi Santoso")]
    [InlineData("Dewi A. Putri (HR)")]
    [InlineData("")]
    public void An_ordinary_name_is_left_as_it_is(string name)
    {
        Assert.Same(name, MarkdownText.Literal(name));
    }

    [Fact]
    public void A_signed_in_users_hostile_name_is_welcomed_as_text()
    {
        var conversation = new TestConversation();
        var hostile = new ChannelUser("web-user-1", "<img src=x onerror=alert(1)>", Requester.Customer("C-1"));

        var welcome = Assert.Single(conversation.WithEngine(engine => engine.Welcome(hostile, "en")));

        Assert.DoesNotContain("<img", welcome.Text, StringComparison.Ordinal);
        Assert.StartsWith("Hi &lt;img", welcome.Text, StringComparison.Ordinal);
    }
}
