using HelpdeskBot.Connectors;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Skills.Tests;

/// <summary>
/// Stands in for the ML classifier with keyword rules, so transcripts read like real conversations and don't depend on a
/// trained model. Exact overrides let a test force a prediction (e.g. an ambiguous one).
/// </summary>
internal sealed class KeywordClassifier : IIntentClassifier
{
    private static readonly (string Intent, string[] Keywords)[] Rules =
    [
        (IntentNames.OrderStatus, ["order", "pesanan", "paket", "track", "lacak"]),
        (IntentNames.BotHelp, ["what can you do", "bisa apa"]),
        (IntentNames.SmalltalkGreeting, ["hello", "hi", "hey", "halo", "hai", "selamat pagi"]),
    ];

    private readonly Dictionary<string, IntentPrediction> overrides = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Classified { get; } = [];

    public KeywordClassifier Returns(string text, IntentPrediction prediction)
    {
        overrides[text] = prediction;
        return this;
    }

    public IntentPrediction Classify(string text)
    {
        Classified.Add(text);
        if (overrides.TryGetValue(text, out var forced))
        {
            return forced;
        }

        var words = text.ToLowerInvariant();
        foreach (var (intent, keywords) in Rules)
        {
            if (keywords.Any(keyword => ContainsWord(words, keyword)))
            {
                return new IntentPrediction(intent, 0.9f, false, [new IntentScore(intent, 0.9f), new IntentScore(IntentNames.OutOfScope, 0.1f)]);
            }
        }

        return new IntentPrediction(IntentNames.OutOfScope, 0.2f, false, [new IntentScore(IntentNames.OutOfScope, 0.6f)]);
    }

    private static bool ContainsWord(string text, string keyword)
    {
        var index = text.IndexOf(keyword, StringComparison.Ordinal);
        while (index >= 0)
        {
            var before = index == 0 || !char.IsLetter(text[index - 1]);
            var end = index + keyword.Length;
            var after = end == text.Length || !char.IsLetter(text[end]);
            if (before && after)
            {
                return true;
            }

            index = text.IndexOf(keyword, index + 1, StringComparison.Ordinal);
        }

        return false;
    }
}

/// <summary>Indonesian when the text has a common Indonesian word, otherwise the locale hint, otherwise English.</summary>
internal sealed class KeywordLanguageDetector : ILanguageDetector
{
    private static readonly HashSet<string> IndonesianWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "pesanan", "saya", "sudah", "sampai", "mana", "halo", "bantuan", "batal", "lacak", "apa", "bisa", "jadi", "gak",
        "tolong", "bagaimana", "cuaca", "hari", "ini", "cek", "dong", "nomor", "sekadar", "menyapa", "terima", "kasih",
        "tidak", "tahu", "lupa", "ya",
    };

    public List<(string Text, string? LocaleHint)> Calls { get; } = [];

    public string Detect(string text) => Detect(text, null);

    public string Detect(string text, string? localeHint)
    {
        Calls.Add((text, localeHint));
        var words = text.Split([' ', '?', '!', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(IndonesianWords.Contains))
        {
            return "id";
        }

        return localeHint is not null && localeHint.StartsWith("id", StringComparison.OrdinalIgnoreCase) ? "id" : "en";
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
