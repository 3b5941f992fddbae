using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Cli;

namespace HelpdeskBot.Bot.Tests.Cli;

public sealed class TeamsCommandTests : IDisposable
{
    private const string BotId = "7f1f3c52-2b8e-4d3a-9c51-2f4b8e1d0a6c";
    private readonly string _directory = BotHost.NewDataDirectory();

    private string PackagePath => Path.Combine(_directory, "out", "teams.zip");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await TeamsCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Package_is_a_zip_with_the_manifest_the_localization_and_both_icons_at_its_root()
    {
        var (exit, output, error) = await RunAsync("teams", "package", $"--BotFramework:AppId={BotId}", "--output", PackagePath);

        Assert.True(exit == 0, error);
        Assert.Contains(PackagePath, output, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(PackagePath);
        Assert.Equal(["color.png", "id.json", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(PackagePath + ".tmp"));
    }

    [Fact]
    public async Task Manifest_carries_the_configured_bot_id_in_all_three_scopes_with_commands()
    {
        await RunAsync("teams", "package", $"--BotFramework:AppId={BotId}", "--output", PackagePath);

        using var manifest = ReadJson("manifest.json");
        var root = manifest.RootElement;
        Assert.Equal(BotId, root.GetProperty("id").GetString());
        Assert.Matches(@"^1\.(1[7-9]|2[0-9])$", root.GetProperty("manifestVersion").GetString());
        Assert.EndsWith($"/v{root.GetProperty("manifestVersion").GetString()}/MicrosoftTeams.schema.json", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Equal("color.png", root.GetProperty("icons").GetProperty("color").GetString());
        Assert.Equal("outline.png", root.GetProperty("icons").GetProperty("outline").GetString());
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(BotId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();
        // Every scope the bot is in has its own command list, within Teams' limits (10 commands, 32-character titles).
        Assert.Equal(["groupChat", "personal", "team"], lists.SelectMany(l => l.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())).Order(StringComparer.Ordinal));
        Assert.All(lists, list => Assert.InRange(list.GetProperty("commands").GetArrayLength(), 1, 10));
        Assert.All(lists.SelectMany(l => l.GetProperty("commands").EnumerateArray()), command =>
        {
            Assert.InRange(command.GetProperty("title").GetString()!.Length, 1, 32);
            Assert.InRange(command.GetProperty("description").GetString()!.Trim().Length, 1, 128);
        });
        Assert.InRange(root.GetProperty("description").GetProperty("short").GetString()!.Length, 1, 80);
        var personal = lists.Single(l => l.GetProperty("scopes").EnumerateArray().Any(s => s.GetString() == "personal"));
        Assert.Contains("Request leave", personal.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()));
        Assert.Empty(root.GetProperty("validDomains").EnumerateArray());
        Assert.False(root.TryGetProperty("webApplicationInfo", out _));
    }

    [Fact]
    public async Task Indonesian_localization_translates_every_command_and_names_only_fields_the_manifest_has()
    {
        await RunAsync("teams", "package", $"--BotFramework:AppId={BotId}", "--output", PackagePath);

        using var manifest = ReadJson("manifest.json");
        using var indonesian = ReadJson("id.json");
        var language = Assert.Single(manifest.RootElement.GetProperty("localizationInfo").GetProperty("additionalLanguages").EnumerateArray());
        Assert.Equal("id-id", language.GetProperty("languageTag").GetString());
        Assert.Equal("id.json", language.GetProperty("file").GetString());

        var keys = indonesian.RootElement.EnumerateObject().Select(p => p.Name).Where(k => k != "$schema").ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            Assert.True(Resolve(manifest.RootElement, key) is { ValueKind: JsonValueKind.String }, $"id.json key {key} names no text in manifest.json");
            var text = indonesian.RootElement.GetProperty(key).GetString()!;
            // The localization schema's limits: command titles 32, command descriptions 128, short description 80.
            Assert.InRange(text.Trim().Length, 1, key.EndsWith(".title", StringComparison.Ordinal) ? 32 : key == "description.short" ? 80 : 4000);
            if (key.EndsWith(".description", StringComparison.Ordinal) && key.StartsWith("bots", StringComparison.Ordinal))
            {
                Assert.InRange(text.Length, 1, 128);
            }
        }
        Assert.Contains("description.full", keys);
        var lists = manifest.RootElement.GetProperty("bots")[0].GetProperty("commandLists");
        for (var l = 0; l < lists.GetArrayLength(); l++)
        {
            for (var c = 0; c < lists[l].GetProperty("commands").GetArrayLength(); c++)
            {
                Assert.Contains($"bots[0].commandLists[{l}].commands[{c}].title", keys);
                Assert.Contains($"bots[0].commandLists[{l}].commands[{c}].description", keys);
            }
        }
        Assert.Contains("name.short", keys);
        Assert.Contains("description.short", keys);
    }

    /// <summary>Teams sends a command's title as the message text, so each one must reach its skill in both languages.</summary>
    [Fact]
    public async Task Every_menu_command_reaches_its_intent_in_English_and_in_Indonesian()
    {
        string[][] expected =
        [
            ["hr.leave_balance", "hr.leave_request", "hr.payslip", "it.password_reset", "it.ticket_create", "it.ticket_status", "it.software_request", "agent.handoff", "bot.help"],
            ["bot.help", "it.ticket_create"],
        ];
        await RunAsync("teams", "package", $"--BotFramework:AppId={BotId}", "--output", PackagePath);
        using var manifest = ReadJson("manifest.json");
        using var indonesian = ReadJson("id.json");
        var commands = new List<(string Title, string Language, string Intent)>();
        var lists = manifest.RootElement.GetProperty("bots")[0].GetProperty("commandLists");
        Assert.Equal(expected.Length, lists.GetArrayLength());
        for (var l = 0; l < lists.GetArrayLength(); l++)
        {
            var titles = lists[l].GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()!).ToList();
            Assert.Equal(expected[l].Length, titles.Count);
            for (var c = 0; c < titles.Count; c++)
            {
                commands.Add((titles[c], "en", expected[l][c]));
                commands.Add((indonesian.RootElement.GetProperty($"bots[0].commandLists[{l}].commands[{c}].title").GetString()!, "id", expected[l][c]));
            }
        }
        var predictions = new StringWriter();

        var exit = await NluCommand.RunAsync(
            ["nlu", "predict", $"--Helpdesk:DataDirectory={_directory}", $"--Classifier:ModelDirectory={BotHost.SharedModelDirectory}"],
            new StringReader(string.Join('\n', commands.Select(c => c.Title)) + "\n"), predictions, new StringWriter());

        Assert.Equal(0, exit);
        var lines = predictions.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(commands.Count, lines.Count);
        Assert.All(commands.Zip(lines), pair =>
        {
            var (command, prediction) = pair;
            Assert.Equal((command.Title, command.Intent, command.Language),
                (command.Title, prediction.GetProperty("intent").GetString(), prediction.GetProperty("language").GetString()));
        });
    }

    [Fact]
    public async Task Icons_are_a_192_pixel_colour_png_and_a_32_pixel_white_on_transparent_outline()
    {
        await RunAsync("teams", "package", $"--BotFramework:AppId={BotId}", "--output", PackagePath);

        var colour = Png.Read(ReadBytes("color.png"));
        var outline = Png.Read(ReadBytes("outline.png"));

        Assert.Equal((192, 192), (colour.Width, colour.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        // Full colour: opaque in the middle, and more than black and white.
        Assert.Equal(255, colour.Pixel(96, 20).A);
        Assert.Contains(colour.Pixels(), p => p.A == 255 && (p.R != p.G || p.G != p.B));
        // Outline: every visible pixel is white, the rest transparent, and both kinds exist.
        Assert.All(outline.Pixels().Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Contains(outline.Pixels(), p => p.A == 0);
        Assert.Contains(outline.Pixels(), p => p.A == 255);
    }

    [Fact]
    public async Task App_id_option_wins_over_configuration_and_package_settings_are_applied()
    {
        const string teamsAppId = "0b6f8a4e-93a1-4c1e-8d1e-5a2c7b9e4f10";

        var (exit, _, error) = await RunAsync(
            "teams", "package", "--BotFramework:AppId=11111111-2222-4333-8444-555555555555", "--app-id", BotId, "--output", PackagePath,
            $"--Teams:Package:AppId={teamsAppId}", "--Teams:Package:Version=2.3.4", "--Teams:Package:ShortName=IT & HR Help",
            "--Teams:Package:DeveloperName=Contoso IT", "--Teams:Package:WebsiteUrl=https://help.contoso.example/",
            "--Teams:Package:ValidDomains:0=Help.Contoso.example");

        Assert.True(exit == 0, error);
        using var manifest = ReadJson("manifest.json");
        var root = manifest.RootElement;
        Assert.Equal(teamsAppId, root.GetProperty("id").GetString());
        Assert.Equal(BotId, root.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal("2.3.4", root.GetProperty("version").GetString());
        Assert.Equal("IT & HR Help", root.GetProperty("name").GetProperty("short").GetString());
        Assert.Equal("Contoso IT", root.GetProperty("developer").GetProperty("name").GetString());
        Assert.Equal("https://help.contoso.example/", root.GetProperty("developer").GetProperty("websiteUrl").GetString());
        Assert.Equal(["help.contoso.example"], root.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task Without_an_app_id_it_says_which_setting_to_use_and_writes_nothing()
    {
        var (exit, _, error) = await RunAsync("teams", "package", "--BotFramework:AppId=", "--output", PackagePath);

        Assert.Equal(1, exit);
        Assert.Contains("BotFramework:AppId", error, StringComparison.Ordinal);
        Assert.Contains("--app-id", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PackagePath));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_bot_id_that_is_not_an_app_id_is_refused_by_name(string appId)
    {
        var (exit, _, error) = await RunAsync("teams", "package", "--app-id", appId, "--output", PackagePath);

        Assert.Equal(1, exit);
        Assert.Contains($"'{appId}' is not a valid app id", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PackagePath));
    }

    [Fact]
    public async Task Bad_package_settings_are_all_reported_at_once()
    {
        var (exit, _, error) = await RunAsync(
            "teams", "package", "--app-id", BotId, "--output", PackagePath,
            "--Teams:Package:Version=v2", "--Teams:Package:PrivacyUrl=http://insecure.example/privacy",
            "--Teams:Package:ValidDomains:0=https://help.example.com/", "--Teams:Package:ShortName=" + new string('x', 31),
            "--Teams:Package:DeveloperName=" + new string('y', 33));

        Assert.Equal(1, exit);
        Assert.Contains("Version 'v2'", error, StringComparison.Ordinal);
        Assert.Contains("PrivacyUrl", error, StringComparison.Ordinal);
        Assert.Contains("ValidDomains", error, StringComparison.Ordinal);
        Assert.Contains("ShortName", error, StringComparison.Ordinal);
        Assert.Contains("DeveloperName", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PackagePath));
    }

    [Fact]
    public async Task An_output_directory_gets_the_default_file_name()
    {
        Directory.CreateDirectory(_directory);
        var newDirectory = Path.Combine(_directory, "new") + Path.DirectorySeparatorChar;

        var (exit, _, error) = await RunAsync("teams", "package", "--app-id", BotId, "--output", _directory);
        var (exitNew, _, errorNew) = await RunAsync("teams", "package", "--app-id", BotId, "--output", newDirectory);

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(_directory, TeamsCommand.DefaultFileName)));
        Assert.True(exitNew == 0, errorNew);
        Assert.True(File.Exists(Path.Combine(newDirectory, TeamsCommand.DefaultFileName)));
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("teams", "publish")]
    [InlineData("teams", "package", "--output")]
    [InlineData("teams", "package", "stray")]
    public async Task Wrong_usage_prints_usage_and_exits_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    private byte[] ReadBytes(string entry)
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private JsonDocument ReadJson(string entry) => JsonDocument.Parse(ReadBytes(entry));

    /// <summary>Follows a localization key such as <c>bots[0].commandLists[1].commands[2].title</c> into the manifest.</summary>
    private static JsonElement? Resolve(JsonElement root, string key)
    {
        var current = root;
        foreach (Match part in Regex.Matches(key, @"([A-Za-z]+)(?:\[(\d+)\])?"))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part.Groups[1].Value, out current))
            {
                return null;
            }
            if (part.Groups[2].Success)
            {
                var index = int.Parse(part.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }
                current = current[index];
            }
        }
        return current;
    }

    public void Dispose() => BotHost.TryDelete(_directory);

    /// <summary>
    /// Just enough of a PNG decoder to check the icons: the size from IHDR and, for 8-bit RGBA, the pixels (all five
    /// row filters), so the test holds however the PNGs are re-encoded.
    /// </summary>
    private sealed record Png(int Width, int Height, byte[] Rgba)
    {
        public static Png Read(byte[] data)
        {
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, data[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(data, 12, 4));
            var width = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(16));
            var height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(20));
            Assert.Equal(8, data[24]);
            Assert.Equal(6, data[25]);
            Assert.Equal(0, data[28]);

            using var compressed = new MemoryStream();
            for (var offset = 8; offset < data.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
                if (System.Text.Encoding.ASCII.GetString(data, offset + 4, 4) == "IDAT")
                {
                    compressed.Write(data, offset + 8, length);
                }
                offset += 12 + length;
            }
            compressed.Position = 0;
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
            {
                zlib.CopyTo(inflated);
            }
            return new Png(width, height, Unfilter(inflated.ToArray(), width, height));
        }

        public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
        {
            var i = (y * Width + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }

        public IEnumerable<(byte R, byte G, byte B, byte A)> Pixels() =>
            Enumerable.Range(0, Width * Height).Select(i => Pixel(i % Width, i / Width));

        private static byte[] Unfilter(byte[] raw, int width, int height)
        {
            const int bpp = 4;
            var stride = width * bpp;
            var pixels = new byte[stride * height];
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                for (var x = 0; x < stride; x++)
                {
                    var value = raw[y * (stride + 1) + 1 + x];
                    int left = x >= bpp ? pixels[y * stride + x - bpp] : 0;
                    int up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                    int upLeft = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
                    pixels[y * stride + x] = (byte)(filter switch
                    {
                        0 => value,
                        1 => value + left,
                        2 => value + up,
                        3 => value + ((left + up) >> 1),
                        4 => value + Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"PNG row filter {filter}"),
                    });
                }
            }
            return pixels;
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
