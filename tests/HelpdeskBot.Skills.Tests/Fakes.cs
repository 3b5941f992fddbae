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

/// <summary>An order system with a few known orders, recording who asked for what.</summary>
internal sealed class FakeOrderLookup : IOrderService
{
    public static readonly OrderStatusInfo ShippedOrder = new(
        "ORD-100123",
        OrderState.Shipped,
        new DateOnly(2026, 11, 27),
        3,
        1_250_000m,
        new ShipmentInfo("JNE", "JNE0012345678", new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 2), null));

    public static readonly OrderStatusInfo ProcessingOrder = new(
        "ORD-100200", OrderState.Processing, new DateOnly(2026, 11, 30), 1, 89_000m, null);

    public static readonly OrderStatusInfo DeliveredOrder = new(
        "ORD-100300",
        OrderState.Delivered,
        new DateOnly(2026, 1, 5),
        2,
        450_500m,
        new ShipmentInfo("SiCepat", "SCP778899", new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 9), new DateOnly(2026, 1, 8)));

    public static readonly OrderStatusInfo CancelledOrder = new(
        "ORD-100400", OrderState.Cancelled, new DateOnly(2026, 8, 17), 4, 2_000_000m, null);

    private readonly Dictionary<string, OrderStatusInfo> orders = new[] { ShippedOrder, ProcessingOrder, DeliveredOrder, CancelledOrder }
        .ToDictionary(order => order.OrderNumber);

    public List<(string OrderNumber, Requester Requester)> Lookups { get; } = [];

    /// <summary>While true, every call fails the way an unreachable order system does.</summary>
    public bool Down { get; set; }

    public Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.Orders, "The order system is down (test).");
        }

        Lookups.Add((orderNumber, requester));
        return Task.FromResult(orders.GetValueOrDefault(orderNumber));
    }

    public Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<OrderReturn> RequestReturnAsync(string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
