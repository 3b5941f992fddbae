using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// The buttons the bot offers for its intents. A button sends its title as the message, and the engine routes an exact
/// title (in either language) straight to its intent, so pressing a button never depends on the classifier.
/// </summary>
internal static class IntentActions
{
    private sealed record IntentAction(string Intent, Phrase Title, Phrase? Capability);

    private static readonly IntentAction[] All =
    [
        new(IntentNames.OrderStatus, DialogPhrases.TrackAnOrder, DialogPhrases.TrackAnOrderCapability),
        new(IntentNames.BotHelp, DialogPhrases.Help, null),
        new(IntentNames.SmalltalkGreeting, DialogPhrases.SayHello, null),
    ];

    /// <summary>The button for <paramref name="intent"/>, or null when it has none.</summary>
    public static SuggestedAction? For(string intent, string language)
    {
        var action = Array.Find(All, a => a.Intent == intent);
        return action is null ? null : ButtonOf(action.Title, language);
    }

    /// <summary>The intent whose button title is exactly <paramref name="text"/>, in any language.</summary>
    public static string? IntentOfButton(string text)
    {
        var normalized = Interruptions.Normalize(text);
        var action = Array.Find(
            All,
            a => normalized == Interruptions.Normalize(a.Title.En) || normalized == Interruptions.Normalize(a.Title.Id));
        return action?.Intent;
    }

    /// <summary>What the bot can do, one bullet a line.</summary>
    public static string CapabilityList(string language) =>
        string.Join('\n', All.Where(a => a.Capability is not null).Select(a => a.Capability!.In(language)));

    /// <summary>The buttons for everything the bot can do, then (unless the reply already is help) help.</summary>
    public static IReadOnlyList<SuggestedAction> Menu(string language, bool withHelp = true) =>
    [
        .. All.Where(a => a.Capability is not null).Select(a => ButtonOf(a.Title, language)),
        .. withHelp ? [ButtonOf(DialogPhrases.Help, language)] : Array.Empty<SuggestedAction>(),
    ];

    private static SuggestedAction ButtonOf(Phrase title, string language)
    {
        var text = title.In(language);
        return new SuggestedAction(text, text);
    }
}
