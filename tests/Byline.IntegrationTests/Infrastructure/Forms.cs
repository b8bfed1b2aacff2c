using AngleSharp.Dom;

namespace Byline.IntegrationTests.Infrastructure;

/// <summary>Submits forms the way a browser does: every field as rendered (antiforgery token included), then the test's changes.</summary>
public static class Forms
{
    /// <summary>GETs <paramref name="pageUrl"/>, fills the form matched by <paramref name="formSelector"/> and POSTs it to its action.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, string formSelector, IDictionary<string, string>? fields = null, string? submitter = null)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"{pageUrl} has no form matching '{formSelector}'.");
        return await client.SubmitFormAsync(form, pageUrl, fields, submitter);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IElement form, string pageUrl, IDictionary<string, string>? fields = null, string? submitter = null)
    {
        var values = FieldsOf(form);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }
        if (submitter is not null)
        {
            var button = form.QuerySelector(submitter) ?? throw new InvalidOperationException($"The form has no '{submitter}'.");
            if (button.GetAttribute("name") is { } name)
            {
                values.Add(new(name, button.GetAttribute("value") ?? ""));
            }
            if (button.GetAttribute("formaction") is { } formAction)
            {
                return await client.PostAsync(formAction, new FormUrlEncodedContent(values));
            }
        }
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>What a browser would send for the form as rendered: inputs, checked boxes, selected options, text areas.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IElement form)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element.LocalName)
            {
                case "input":
                    var type = element.GetAttribute("type")?.ToLowerInvariant() ?? "text";
                    if (type is "submit" or "button" or "image" or "file" or "reset")
                    {
                        continue;
                    }
                    if (type is "checkbox" or "radio" && !element.HasAttribute("checked"))
                    {
                        continue;
                    }
                    values.Add(new(name, element.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case "select":
                    var selected = element.QuerySelectorAll("option[selected]").ToList();
                    if (selected.Count == 0 && element.QuerySelector("option") is { } first && !element.HasAttribute("multiple"))
                    {
                        selected.Add(first);
                    }
                    values.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.GetAttribute("value") ?? o.TextContent)));
                    break;
                default:
                    values.Add(new(name, element.TextContent));
                    break;
            }
        }
        return values;
    }
}
