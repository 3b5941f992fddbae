using System.Text.RegularExpressions;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Tests.Llm;

namespace HelpdeskBot.Bot.Tests.Llm;

/// <summary>
/// A model configured in the real host (<c>Llm:*</c>), answering over real HTTP from <see cref="ChatModelStandIn"/>, heard
/// through a real Direct Line conversation against the demo policies.
/// </summary>
public sealed partial class GroundedAnswerConversationTests : IAsyncLifetime
{
    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private BotHost Host() => new BotHost()
        .With("Llm:Endpoint", model.Endpoint.ToString())
        .With("Llm:Model", "helpdesk-test-model")
        .With("Llm:Timeout", "00:00:05");

    /// <summary>The first sentence of the first passage the bot sent, as a well-behaved model would paraphrase it.</summary>
    private static string FirstSentenceOfPassageOne(RecordedChatRequest request)
    {
        var passage = PassageOne().Match(request.User);
        Assert.True(passage.Success, request.User);
        return Regex.Match(passage.Groups["text"].Value, @"^.*?[.!?](?=\s|$)").Value;
    }

    [Fact]
    public async Task A_policy_question_in_web_chat_is_answered_by_the_model_with_the_citation_of_the_passage_it_used()
    {
        model.Respond = request => StandInReply.Text($"{FirstSentenceOfPassageOne(request)} [1]");
        using var host = Host();
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));

        var answer = await customer.AskAsync("how long do I have to return something? mail me at budi@example.com");

        var request = Assert.Single(model.Requests);
        var sentence = FirstSentenceOfPassageOne(request);
        Assert.StartsWith($"{sentence} [1]", answer, StringComparison.Ordinal);
        Assert.Matches(@"\n\n\[1\] Source: Returns and refunds › [^\n]+ \(version \d+\)(\n|$)", answer);
        Assert.Contains("mail me at [email]", request.User, StringComparison.Ordinal);
        Assert.DoesNotContain("budi@example.com", request.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_answer_with_an_invented_number_is_never_shown_and_the_policy_is_quoted_instead()
    {
        model.Respond = _ => StandInReply.Text("You can request a return within 60 days after delivery [1].");
        using var host = Host();
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));

        var answer = await customer.AskAsync("how long do I have to return something?");

        Assert.Single(model.Requests);
        Assert.DoesNotContain("60 days", answer, StringComparison.Ordinal);
        Assert.StartsWith("You can request a return within 14 days after delivery", answer, StringComparison.Ordinal);
        Assert.Contains("Source: Returns and refunds › The return window (version 1)", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("[1]", answer, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[1\] [^\n]*\n(?<text>[^\n]+)", RegexOptions.Multiline)]
    private static partial Regex PassageOne();
}
