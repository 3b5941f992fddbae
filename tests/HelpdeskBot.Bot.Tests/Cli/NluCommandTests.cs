using System.Text.Json;
using HelpdeskBot.Bot.Cli;

namespace HelpdeskBot.Bot.Tests.Cli;

public sealed class NluCommandTests : IDisposable
{
    private readonly string _dataDirectory = BotHost.NewDataDirectory();

    private string[] Args(params string[] command) =>
        ["nlu", .. command, $"--Helpdesk:DataDirectory={_dataDirectory}", $"--Classifier:ModelDirectory={BotHost.SharedModelDirectory}"];

    [Fact]
    public async Task Predict_writes_one_json_object_per_input_line()
    {
        var output = new StringWriter();

        var exit = await NluCommand.RunAsync(
            Args("predict"), new StringReader("where is my order ORD-100123\npesanan saya sudah sampai mana?\n\n"), output, new StringWriter());

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("where is my order ORD-100123", lines[0].GetProperty("text").GetString());
        Assert.Equal("order.status", lines[0].GetProperty("intent").GetString());
        Assert.Equal("en", lines[0].GetProperty("language").GetString());
        Assert.InRange(lines[0].GetProperty("confidence").GetSingle(), 0.01f, 1f);
        var entity = Assert.Single(lines[0].GetProperty("entities").EnumerateArray(), e => e.GetProperty("type").GetString() == "order_id");
        Assert.Equal("ORD-100123", entity.GetProperty("value").GetString());
        Assert.Equal("ORD-100123", entity.GetProperty("text").GetString());
        Assert.Equal("order.status", lines[1].GetProperty("intent").GetString());
        Assert.Equal("id", lines[1].GetProperty("language").GetString());
        Assert.Equal("oos", lines[2].GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Eval_prints_accuracy_per_language_per_intent_quality_and_confusions()
    {
        var file = Path.Combine(_dataDirectory, "eval.tsv");
        Directory.CreateDirectory(_dataDirectory);
        await File.WriteAllTextAsync(file,
            "lang\tintent\ttext\n" +
            "en\torder.status\twhere is my parcel ORD-100200\n" +
            "en\toos\twhat's the capital of France\n" +
            "en\tsmalltalk.greeting\tthis is labelled wrong on purpose: where is my order\n" +
            "id\torder.status\tpaket saya kok belum sampai ya\n" +
            "id\toos\tresep rendang yang enak gimana\n");
        var output = new StringWriter();

        var exit = await NluCommand.RunAsync(Args("eval", "--data", file), TextReader.Null, output, new StringWriter());

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("5 utterances", text);
        Assert.Matches(@"(?m)^en\s+3\s", text);
        Assert.Matches(@"(?m)^id\s+2\s", text);
        Assert.Matches(@"(?m)^order\.status\s+2\s", text);
        Assert.Contains("smalltalk.greeting -> order.status", text);
    }

    [Fact]
    public async Task Eval_of_a_malformed_file_says_where_and_exits_non_zero()
    {
        var file = Path.Combine(_dataDirectory, "bad.tsv");
        Directory.CreateDirectory(_dataDirectory);
        await File.WriteAllTextAsync(file, "lang\tintent\ttext\nen\torder.status\n");
        var error = new StringWriter();

        var exit = await NluCommand.RunAsync(Args("eval", "--data", file), TextReader.Null, new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("bad.tsv:2", error.ToString());
    }

    [Theory]
    [InlineData("nlu")]
    [InlineData("nlu", "frobnicate")]
    [InlineData("nlu", "eval")]
    public async Task Wrong_usage_prints_usage_and_exits_2(params string[] args)
    {
        var error = new StringWriter();

        var exit = await NluCommand.RunAsync(args, TextReader.Null, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error.ToString());
    }

    [Fact]
    public async Task Train_trains_and_caches_the_model_in_the_model_directory()
    {
        var models = Path.Combine(_dataDirectory, "models");
        var output = new StringWriter();

        var exit = await NluCommand.RunAsync(
            ["nlu", "train", $"--Helpdesk:DataDirectory={_dataDirectory}"], TextReader.Null, output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("Trained", output.ToString());
        Assert.NotEmpty(Directory.GetFiles(models, "*.zip"));
    }

    public void Dispose() => BotHost.TryDelete(_dataDirectory);
}
