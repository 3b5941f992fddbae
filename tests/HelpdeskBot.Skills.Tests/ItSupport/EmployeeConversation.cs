using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests;

/// <summary>Conversations with the employee the IT and HR fakes know, and a confident classifier for the test's lines.</summary>
internal static class EmployeeConversation
{
    public static readonly Requester Employee = Requester.Employee("EMP-0007");

    public static TestConversation Start(string? locale = null, Requester? requester = null) => new(locale, requester ?? Employee);

    /// <summary>Says <paramref name="text"/>, which the classifier reads as <paramref name="intent"/> with high confidence.</summary>
    public static Task<TurnResult> AskAsync(this TestConversation conversation, string text, string intent)
    {
        conversation.Classifier.Returns(text, new IntentPrediction(intent, 0.95f, false, [new IntentScore(intent, 0.95f)]));
        return conversation.SayAsync(text);
    }

    /// <summary>Every reply and the persisted state after the turn, for "never shown / never stored" checks.</summary>
    public static string Everything(this TurnResult result, TestConversation conversation) =>
        $"{result.Text()}\n{string.Join('\n', result.ActionTitles())}\n{conversation.State.ToJson()}";
}
