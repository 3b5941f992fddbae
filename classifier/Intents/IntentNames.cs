namespace HelpdeskBot.Classifier.Intents;

/// <summary>The intent names the classifier emits. Skills, analytics and evaluation rely on these exact strings.</summary>
public static class IntentNames
{
    public const string OrderStatus = "order.status";
    public const string SmalltalkGreeting = "smalltalk.greeting";
    public const string BotHelp = "bot.help";
    public const string OutOfScope = "oos";
}
