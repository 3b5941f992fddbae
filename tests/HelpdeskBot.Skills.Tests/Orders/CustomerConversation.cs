using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests;

/// <summary>Test helpers for the customer skills' conversations.</summary>
internal static class CustomerConversation
{
    /// <summary>Makes the classifier read <paramref name="text"/> confidently as <paramref name="intent"/>.</summary>
    public static TestConversation Means(this TestConversation conversation, string text, string intent)
    {
        conversation.Classifier.Returns(text, new IntentPrediction(intent, 0.95f, false, [new IntentScore(intent, 0.95f), new IntentScore(IntentNames.OutOfScope, 0.05f)]));
        return conversation;
    }

    /// <summary>The reply with every mention of <paramref name="id"/> replaced, to compare replies about different ids.</summary>
    public static string TextWithout(this TurnResult result, string id) => result.Text().Replace(id, "#", StringComparison.Ordinal);
}
