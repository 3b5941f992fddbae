using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.Knowledge;

/// <summary>The admin API as a script or the admin console calls it: a key in the Authorization header, multipart uploads.</summary>
public sealed class KnowledgeAdminClient(HttpClient http, string? key = KnowledgeAdminClient.AdminKey)
{
    public const string AdminKey = "test-admin-key-alice-0123456789abcdef";

    public const string AgentKey = "test-agent-key-bruno-0123456789abcdef";

    public const string Documents = "/api/admin/kb/documents";

    /// <summary>An admin key (alice) and an agent key (bruno) on a test host; <c>Knowledge:SeedOnFirstRun</c> as asked.</summary>
    public static BotHost Configure(BotHost host, bool seed = false) => host
        .With("AdminApi:Keys:0:Name", "alice")
        .With("AdminApi:Keys:0:Key", AdminKey)
        .With("AdminApi:Keys:0:Roles:0", "admin")
        .With("AdminApi:Keys:1:Name", "bruno")
        .With("AdminApi:Keys:1:Key", AgentKey)
        .With("AdminApi:Keys:1:Roles:0", "agent")
        .With("Knowledge:SeedOnFirstRun", seed ? "true" : "false");

    public HttpClient Http => http;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> UploadAsync(
        string fileName, byte[] content, IReadOnlyDictionary<string, string>? fields = null, Guid? newVersionOf = null)
    {
        using var form = Form(fileName, content, fields);
        return newVersionOf is { } id
            ? await SendAsync(HttpMethod.Put, $"{Documents}/{id}", form)
            : await SendAsync(HttpMethod.Post, Documents, form);
    }

    public Task<HttpResponseMessage> UploadAsync(string fileName, string text, IReadOnlyDictionary<string, string>? fields = null, Guid? newVersionOf = null) =>
        UploadAsync(fileName, Encoding.UTF8.GetBytes(text), fields, newVersionOf);

    /// <summary>Uploads and expects it to be stored; returns the response body (outcome, version, document).</summary>
    public async Task<JsonElement> UploadOkAsync(string fileName, string text, IReadOnlyDictionary<string, string>? fields = null, Guid? newVersionOf = null)
    {
        using var response = await UploadAsync(fileName, text, fields, newVersionOf);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task PostNoContentAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Post, path);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static MultipartFormDataContent Form(string fileName, byte[] content, IReadOnlyDictionary<string, string>? fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    /// <summary>Asserts a ProblemDetails answer with this status (and title, when given); returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }

        return problem;
    }
}
