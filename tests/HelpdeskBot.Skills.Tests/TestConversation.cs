using HelpdeskBot.Connectors;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.Tests.Hr;
using HelpdeskBot.Skills.Tests.ItSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Skills.Tests;

/// <summary>
/// A conversation run through the real composition (<see cref="Extensions.AddSkills"/>) with fakes only at the true
/// seams: classifier, language detector, order system and clock. Like the host, it persists the state as JSON between
/// turns and resolves the engine in a new scope for every turn.
/// </summary>
internal sealed class TestConversation
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private readonly IServiceProvider services;

    public TestConversation(string? locale = null, Requester? requester = null, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Locale = locale;
        User = new ChannelUser("web-user-1", "Budi", requester ?? Requester.Customer("C-1"));

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IIntentClassifier>(Classifier);
        builder.Services.AddSingleton<ILanguageDetector>(Detector);
        builder.Services.AddSingleton<IOrderService>(Orders);
        builder.Services.AddSingleton<IInvoiceService>(Invoices);
        builder.Services.AddSingleton<HelpdeskBot.Connectors.ItSupport.IItSupportService>(It);
        builder.Services.AddSingleton<HelpdeskBot.Connectors.Notifications.INotificationService>(Notifications);
        builder.Services.AddSingleton<HelpdeskBot.Connectors.Hr.IHrService>(Hr);
        builder.Services.AddSingleton<HelpdeskBot.Knowledge.Retrieval.IKnowledgeAnswers>(Knowledge);
        builder.Services.AddSingleton<HelpdeskBot.Skills.Handoff.IHandoffDesk>(Desk);
        builder.Services.Configure<LeaveOptions>(options => options.PublicHolidays.AddRange(FakeHr.Holidays));
        builder.Services.AddEntityRecognition();
        builder.AddSkills();
        configure?.Invoke(builder.Services);
        services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public KeywordClassifier Classifier { get; } = new();

    public KeywordLanguageDetector Detector { get; } = new();

    public FakeOrderLookup Orders { get; } = new();

    public FakeInvoiceService Invoices { get; } = new();
    public FakeItSupport It { get; } = new();

    public FakeNotifications Notifications { get; } = new();

    public FakeHr Hr { get; } = new();

    public Knowledge.FakeKnowledge Knowledge { get; } = new();

    public Handoff.FakeHandoffDesk Desk { get; } = new();

    public ManualTimeProvider Clock { get; } = new(Start);

    public ChannelUser User { get; }

    public string? Locale { get; }

    public ConversationState State { get; set; } = ConversationState.New;

    public async Task<TurnResult> SayAsync(string text)
    {
        using var scope = services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
        var result = await engine.RunTurnAsync(State, new IncomingMessage("conversation-1", User, text, Locale), CancellationToken.None);
        State = ConversationState.FromJson(result.State.ToJson());
        return result;
    }

    /// <summary>A card button pressed (Action.Submit): a message with the card's data and inputs as its value, and no text.</summary>
    public async Task<TurnResult> SubmitAsync(System.Text.Json.JsonElement value)
    {
        using var scope = services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
        var result = await engine.RunTurnAsync(State, new IncomingMessage("conversation-1", User, string.Empty, Locale, value), CancellationToken.None);
        State = ConversationState.FromJson(result.State.ToJson());
        return result;
    }

    /// <summary>The skills the real composition registers.</summary>
    public IReadOnlyList<ISkill> Skills()
    {
        using var scope = services.CreateScope();
        return [.. scope.ServiceProvider.GetServices<ISkill>()];
    }

    /// <summary>A service of the real composition (options, the chat client), as the skills would get it.</summary>
    public T Service<T>()
        where T : notnull => services.GetRequiredService<T>();

    public T WithEngine<T>(Func<IConversationEngine, T> use)
    {
        using var scope = services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<IConversationEngine>());
    }
}

internal static class TurnResultExtensions
{
    public static string Text(this TurnResult result) => string.Join("\n", result.Replies.Select(reply => reply.Text));

    public static IEnumerable<string> ActionTitles(this TurnResult result) =>
        result.Replies.SelectMany(reply => reply.SuggestedActions).Select(action => action.Title);
}
