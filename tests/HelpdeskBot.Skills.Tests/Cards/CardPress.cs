using System.Text.Json;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Cards;

/// <summary>Presses a button on a reply's card the way Web Chat does: the button's data merged with the inputs.</summary>
internal static class CardPress
{
    public static AdaptiveCard CardOf(this TurnResult result) =>
        result.Replies[^1].Card ?? throw new Xunit.Sdk.XunitException($"The last reply has no card: {result.Replies[^1].Text}");

    public static JsonElement Press(this AdaptiveCard card, string title, params (string Id, string Value)[] inputs)
    {
        var button = card.AllActions.OfType<SubmitAction>().SingleOrDefault(a => a.Title == title)
            ?? throw new Xunit.Sdk.XunitException($"No button '{title}' on the card; it has {string.Join(", ", card.AllActions.Select(a => a.Title))}.");
        var value = new Dictionary<string, string>(button.Data, StringComparer.Ordinal);
        foreach (var (id, text) in inputs)
        {
            value[id] = text;
        }

        return JsonSerializer.SerializeToElement(value);
    }

    public static Task<TurnResult> PressAsync(this TestConversation conversation, TurnResult shown, string title, params (string Id, string Value)[] inputs) =>
        conversation.SubmitAsync(shown.CardOf().Press(title, inputs));

    /// <summary>The ids of the card's inputs, in order.</summary>
    public static IEnumerable<string?> InputIds(this AdaptiveCard card) => card.Body.OfType<CardInput>().Select(i => i.Id);
}
