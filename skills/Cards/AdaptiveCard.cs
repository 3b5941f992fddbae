using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Skills.Cards;

/// <summary>
/// An Adaptive Card (schema 1.5, what Teams and Web Chat render), built from typed records because the AdaptiveCards
/// package cannot be restored. <see cref="AdaptiveCards.Serialize"/> writes exactly the schema's JSON: <c>type</c>
/// discriminators, camelCase, nulls left out.
/// </summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-3)]
    public string Type { get; init; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    [JsonPropertyOrder(-2)]
    public string Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = SchemaVersion;

    public IReadOnlyList<CardElement> Body { get; init; } = [];

    public IReadOnlyList<AdaptiveAction>? Actions { get; init; }

    /// <summary>Shown by hosts that cannot render the card.</summary>
    public string? FallbackText { get; init; }

    /// <summary>Hint for the host's language (BCP 47), so dates in inputs are shown the user's way.</summary>
    public string? Lang { get; init; }

    /// <summary>Every action of the card, in the body's action sets and at the bottom, changed by <paramref name="map"/>.</summary>
    public AdaptiveCard MapActions(Func<AdaptiveAction, AdaptiveAction> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this with
        {
            Body = [.. Body.Select(e => e is ActionSet set ? set with { Actions = [.. set.Actions.Select(map)] } : e)],
            Actions = Actions is null ? null : [.. Actions.Select(map)],
        };
    }

    /// <summary>Every action of the card, the body's action sets first, then the bottom ones.</summary>
    [JsonIgnore]
    public IEnumerable<AdaptiveAction> AllActions =>
        Body.OfType<ActionSet>().SelectMany(s => s.Actions).Concat(Actions ?? []);
}

/// <summary>An element of a card's body.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
[JsonDerivedType(typeof(InputToggle), "Input.Toggle")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
public abstract record CardElement
{
    public string? Id { get; init; }

    /// <summary>"default", "small", "medium", "large", "extraLarge"; null for the host's default.</summary>
    public string? Spacing { get; init; }

    public bool? Separator { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public bool? Wrap { get; init; } = true;

    /// <summary>"small", "default", "medium", "large", "extraLarge".</summary>
    public string? Size { get; init; }

    /// <summary>"default", "lighter", "bolder".</summary>
    public string? Weight { get; init; }

    /// <summary>"default", "accent", "good", "warning", "attention".</summary>
    public string? Color { get; init; }

    public bool? IsSubtle { get; init; }
}

public sealed record Fact(string Title, string Value);

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>What every input has: a label the host shows, and a client-side check the host runs before submitting.</summary>
public abstract record CardInput : CardElement
{
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record InputText : CardInput
{
    public string? Placeholder { get; init; }

    public string? Value { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }
}

/// <summary>A date picker; <see cref="Value"/>, <see cref="Min"/> and <see cref="Max"/> are yyyy-MM-dd, as the schema says.</summary>
public sealed record InputDate : CardInput
{
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record Choice(string Title, string Value);

public sealed record InputChoiceSet(IReadOnlyList<Choice> Choices) : CardInput
{
    /// <summary>"compact" (a drop-down) or "expanded" (radio buttons).</summary>
    public string? Style { get; init; }

    public string? Value { get; init; }

    public string? Placeholder { get; init; }
}

public sealed record InputToggle(string Title) : CardInput
{
    public string? Value { get; init; }

    public string? ValueOn { get; init; }

    public string? ValueOff { get; init; }
}

public sealed record ActionSet(IReadOnlyList<AdaptiveAction> Actions) : CardElement;

/// <summary>A button on a card.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
public abstract record AdaptiveAction(string Title)
{
    public string? Id { get; init; }

    /// <summary>"default", "positive", "destructive".</summary>
    public string? Style { get; init; }
}

/// <summary>Sends the inputs merged with <see cref="Data"/> as a message's <c>value</c> (Web Chat, Teams).</summary>
public sealed record SubmitAction(string Title, IReadOnlyDictionary<string, string> Data) : AdaptiveAction(Title)
{
    /// <summary>"auto" (validate and send the inputs) or "none" (a "No" button must not be blocked by an empty field).</summary>
    public string? AssociatedInputs { get; init; }
}

/// <summary>Universal Actions: an <c>invoke</c> named <c>adaptiveCard/action</c>, answered with an updated card (Teams).</summary>
public sealed record ExecuteAction(string Title, string Verb, IReadOnlyDictionary<string, string> Data) : AdaptiveAction(Title)
{
    public string? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(string Title, Uri Url) : AdaptiveAction(Title);

/// <summary>The one set of serializer settings for cards.</summary>
public static class AdaptiveCards
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(AdaptiveCard card) => JsonSerializer.Serialize(card, Options);

    public static JsonElement ToJsonElement(AdaptiveCard card) => JsonSerializer.SerializeToElement(card, Options);

    /// <summary>Reads a card written by <see cref="Serialize"/> (tests, and updated cards kept in storage).</summary>
    public static AdaptiveCard? Deserialize(string json) => JsonSerializer.Deserialize<AdaptiveCard>(json, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
