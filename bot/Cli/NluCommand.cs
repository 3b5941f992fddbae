using System.Text.Encodings.Web;
using System.Text.Json;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Classifier;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;

namespace HelpdeskBot.Bot.Cli;

internal sealed record NluEntity(string Type, string Value, string Text);

internal sealed record NluPredictionLine(string Text, string Intent, float Confidence, string Language, IReadOnlyList<NluEntity> Entities);

/// <summary>
/// <c>dotnet run --project bot -- nlu train | predict | eval --data FILE</c>: the classifier from the command line, with
/// the same configuration (model directory, thresholds, time zone) as the host.
/// </summary>
internal static class NluCommand
{
    private const string Usage = """
        usage:
          nlu train                 train the intent model from the shipped data and cache it
          nlu predict               read UTF-8 lines on stdin, write one JSON object per line
          nlu eval --data FILE      evaluate on a TSV file with the header lang<TAB>intent<TAB>text
        Configuration keys work as for the host, e.g. --Helpdesk:DataDirectory=/srv/helpdesk
        """;

    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web)
    {
        // Keep Indonesian and other non-ASCII text readable in the output.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "nlu";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, Action<IServiceCollection>? configure = null)
    {
        if (args.Length < 2)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var command = args[1];
        var options = args.Skip(2).ToArray();
        var dataFile = ValueOf(options, "--data");
        if (command is not ("train" or "predict" or "eval") || (command == "eval" && dataFile is null))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        // Only "--Key=value" configuration reaches the configuration system; "--data FILE" is ours.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. options.Where(o => o.StartsWith("--", StringComparison.Ordinal) && o.Contains('=', StringComparison.Ordinal))],
        });
        builder.Logging.ClearProviders();
        builder.AddHelpdeskHost();
        builder.AddClassifier();
        configure?.Invoke(builder.Services);
        using var host = builder.Build();
        var services = host.Services;

        switch (command)
        {
            case "train":
                var model = services.GetRequiredService<IntentClassifier>().TrainNow();
                await output.WriteLineAsync($"Trained {model.Intents.Count} intents in {model.LoadTime.TotalSeconds:0.0} s; saved to {model.ModelPath}");
                return 0;

            case "predict":
                await PredictAsync(services, input, output);
                return 0;

            default:
                return await EvaluateAsync(services, dataFile!, output, error);
        }
    }

    private static async Task PredictAsync(IServiceProvider services, TextReader input, TextWriter output)
    {
        var classifier = services.GetRequiredService<IIntentClassifier>();
        var detector = services.GetRequiredService<ILanguageDetector>();
        var entities = services.GetRequiredService<IEntityRecognizer>();
        while (await input.ReadLineAsync() is { } line)
        {
            var prediction = classifier.Classify(line);
            var found = entities.Recognize(line).Select(e => new NluEntity(e.Type, e.Value, e.Text)).ToList();
            var result = new NluPredictionLine(line, prediction.Intent, prediction.Confidence, detector.Detect(line), found);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, LineJson));
        }
    }

    private static async Task<int> EvaluateAsync(IServiceProvider services, string dataFile, TextWriter output, TextWriter error)
    {
        IReadOnlyList<IntentExample> data;
        try
        {
            data = IntentExamples.ReadTsv(dataFile);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read {dataFile}: {ex.Message}");
            return 1;
        }
        var report = services.GetRequiredService<IntentClassifier>().Evaluate(data);
        await output.WriteLineAsync($"{data.Count} utterances from {dataFile}");
        await output.WriteAsync(report.ToString());
        return 0;
    }

    private static string? ValueOf(string[] options, string name)
    {
        var index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
    }
}
