// The region map of a run (see region_map in svg_charts.hpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "analysis/svg_charts.hpp"
#include "analysis/svg_common.hpp"

namespace pasante::analysis::svg {

namespace {

std::string percent(double share) { return fixed(100 * share, 1) + "%"; }

// A round length (1, 2, 5 × 10^k km) near a fifth of the map's width.
double scale_bar_km(double map_km) {
  const double target = map_km / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(std::max(target, 1e-3))));
  double best = mag;
  for (double m : {1.0, 2.0, 5.0})
    if (m * mag <= target) best = m * mag;
  return best;
}

std::string cross(double x, double y, double s) {
  return "M" + fixed(x - s, 1) + " " + fixed(y - s, 1) + "L" + fixed(x + s, 1) + " " + fixed(y + s, 1) + "M" +
         fixed(x - s, 1) + " " + fixed(y + s, 1) + "L" + fixed(x + s, 1) + " " + fixed(y - s, 1);
}

}  // namespace

// Above this many clinics the map is a country's: small clinic squares, one
// cross per place with violence.
constexpr std::size_t kManyClinics = 1000;
// Above this many events at one place, one cross sized by the count.
constexpr std::size_t kEventsOnASpiral = 12;

std::string region_map(const RunMap& map, const MapOptions& o) {
  const std::size_t np = map.places.size();
  const bool large = np > o.max_places;
  // Which places are drawn: all of them, or for very large maps only the
  // places with a clinic (and the hospital's and events' places).
  std::vector<char> clinic_at(np, 0), drawn(np, large ? 0 : 1);
  for (const auto& c : map.clinics)
    if (c.place < np) clinic_at[c.place] = drawn[c.place] = 1;
  if (map.hospital_place < np) drawn[map.hospital_place] = 1;
  for (const auto h : map.hospital_places)
    if (h < np) drawn[h] = 1;
  for (const auto& e : map.events)
    if (e.place < np) drawn[e.place] = 1;

  double lat_lo = INFINITY, lat_hi = -INFINITY, lon_lo = INFINITY, lon_hi = -INFINITY, lat_sum = 0, n = 0;
  std::uint32_t max_pop = 1;
  for (std::size_t i = 0; i < np; ++i) {
    if (!drawn[i]) continue;
    const auto& p = map.places[i];
    lat_lo = std::min(lat_lo, p.lat);
    lat_hi = std::max(lat_hi, p.lat);
    lon_lo = std::min(lon_lo, p.lon);
    lon_hi = std::max(lon_hi, p.lon);
    lat_sum += p.lat;
    n += 1;
    max_pop = std::max(max_pop, p.population);
  }
  if (n == 0) lat_lo = lat_hi = lon_lo = lon_hi = lat_sum = 0, n = 1;
  const double kx = std::cos(lat_sum / n * std::numbers::pi / 180);  // equirectangular: shrink longitude
  const double span_x = std::max((lon_hi - lon_lo) * kx, 1e-3), span_y = std::max(lat_hi - lat_lo, 1e-3);

  const double pad = 22, top = o.title.empty() ? 8 : 30, legend_h = 96;
  const double max_plot_w = o.width - 2 * pad;
  const double plot_h = std::clamp(max_plot_w * span_y / span_x, 260.0, 860.0);
  const double unit = std::min(max_plot_w / span_x, plot_h / span_y);  // px per degree of latitude
  // A tall region gets a narrower picture (but wide enough for the legend).
  const double width = std::max(span_x * unit + 2 * pad, std::min(o.width, 720.0));
  const double plot_w = width - 2 * pad;
  const double ox = pad + (plot_w - span_x * unit) / 2, oy = top + pad / 2 + (plot_h - span_y * unit) / 2;
  auto px = [&](std::size_t i) { return ox + (map.places[i].lon - lon_lo) * kx * unit; };
  auto py = [&](std::size_t i) { return oy + (lat_hi - map.places[i].lat) * unit; };
  const double height = top + pad / 2 + plot_h + pad / 2 + legend_h;
  const double r_max = 15;
  auto radius = [&](std::uint32_t pop) { return std::max(1.3, r_max * std::sqrt(static_cast<double>(pop) / max_pop)); };
  auto where = [&](std::size_t i) {
    const auto& p = map.places[i];
    return p.name + (p.municipality < map.municipalities.size() && map.municipalities[p.municipality] != p.name
                         ? " (" + map.municipalities[p.municipality] + ")"
                         : std::string());
  };

  std::string out = open_svg(width, height, o.title.empty() ? "Map of the region" : o.title);
  out += "<g class=\"map\">\n";
  out += title_text(o.title);
  out += "<rect x=\"0\" y=\"" + fixed(top, 1) + "\" width=\"" + fixed(width, 1) + "\" height=\"" +
         fixed(plot_h + pad, 1) + "\" fill=\"#f7f5ef\" rx=\"4\"/>\n";

  // Roads: one path for paved, one for unpaved.
  if (!large) {
    std::string paved, unpaved;
    for (const auto& r : map.roads) {
      if (r.from >= np || r.to >= np) continue;
      std::string& d = r.paved ? paved : unpaved;
      d +=
          "M" + fixed(px(r.from), 1) + " " + fixed(py(r.from), 1) + "L" + fixed(px(r.to), 1) + " " + fixed(py(r.to), 1);
    }
    if (!unpaved.empty())
      out += "<path class=\"road-unpaved\" d=\"" + unpaved +
             "\" fill=\"none\" stroke=\"#b9b2a3\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"><title>Unpaved "
             "road</title></path>\n";
    if (!paved.empty())
      out += "<path class=\"road-paved\" d=\"" + paved +
             "\" fill=\"none\" stroke=\"#5b5b5b\" stroke-width=\"1.3\"><title>Paved road</title></path>\n";
  }

  // Localities, largest first so small ones stay visible on top.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < np; ++i)
    if (drawn[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return map.places[a].population > map.places[b].population; });
  out += "<g class=\"localities\" fill=\"#6f93b5\" fill-opacity=\"0.45\" stroke=\"#3f6384\" stroke-width=\"0.6\">\n";
  for (std::size_t i : order)
    out += "<circle cx=\"" + fixed(px(i), 1) + "\" cy=\"" + fixed(py(i), 1) + "\" r=\"" +
           fixed(radius(map.places[i].population), 2) + "\"><title>" +
           escape(where(i) + ": " + thousands(map.places[i].population) + " residents") + "</title></circle>\n";
  out += "</g>\n";

  // Clinics: squares coloured by refusal rate on 0..domain (a round 10%).
  double max_rate = 0;
  for (const auto& c : map.clinics) max_rate = std::max(max_rate, c.refusal_rate);
  const double domain = std::clamp(std::ceil(max_rate * 10 - 1e-9) / 10, 0.1, 1.0);
  // Thousands of clinics (a national map) as small squares, so the country
  // shows through them.
  const bool many_clinics = map.clinics.size() > kManyClinics;
  const double s = many_clinics ? 3.5 : 9;
  out += std::string("<g class=\"clinics\" stroke=\"#2b2b2b\" stroke-width=\"") + (many_clinics ? "0.3" : "0.9") +
         "\">\n";
  for (const auto& c : map.clinics) {
    if (c.place >= np) continue;
    const std::string tip = "Clinic at " + where(c.place) + ", category " + c.category + ": refusal rate " +
                            percent(c.refusal_rate) + " (" + thousands(static_cast<double>(c.refused)) + " of " +
                            thousands(static_cast<double>(c.visits_sought)) + " visits turned away); " +
                            (c.intern_at_end ? "an intern at the end of the run" : "no intern at the end of the run");
    out += "<rect x=\"" + fixed(px(c.place) - s / 2, 1) + "\" y=\"" + fixed(py(c.place) - s / 2, 1) + "\" width=\"" +
           fixed(s, 1) + "\" height=\"" + fixed(s, 1) + "\" fill=\"" + ylorrd(c.refusal_rate / domain) + "\"" +
           (c.intern_at_end ? "" : " stroke-dasharray=\"2 1.5\"") + "><title>" + escape(tip) + "</title></rect>\n";
  }
  out += "</g>\n";

  // Violence events: small red crosses spread on a spiral around their place;
  // where there are many (or the map is national), one cross whose size
  // grows with the square root of the count (up to a limit), so they do not
  // bury the clinics.
  std::map<std::uint32_t, std::vector<const RunMap::EventMark*>> by_place;
  for (const auto& e : map.events)
    if (e.place < np) by_place[e.place].push_back(&e);
  out += "<g class=\"violence\" stroke=\"#c40000\" stroke-width=\"1.6\" stroke-opacity=\"0.8\" "
         "stroke-linecap=\"round\">\n";
  for (const auto& [place, events] : by_place) {
    std::map<std::string, int> types;
    for (const auto* e : events) ++types[e->type];
    std::string d;
    const double count = static_cast<double>(events.size());
    if (many_clinics || events.size() > kEventsOnASpiral) {
      d = cross(px(place) + 5, py(place) - 5, std::min(2.6 + 0.9 * std::sqrt(count - 1), 9.0));
    } else {
      for (std::size_t k = 0; k < events.size(); ++k) {
        const double a = 2.399963 * static_cast<double>(k), rr = 6 + 2.2 * std::sqrt(static_cast<double>(k));
        d += cross(px(place) + rr * std::cos(a), py(place) + rr * std::sin(a), 2.6);
      }
    }
    std::string tip = std::to_string(events.size()) + (events.size() == 1 ? " violent event" : " violent events") +
                      " at " + where(place) + ":";
    for (const auto& [type, count] : types) tip += " " + type + " ×" + std::to_string(count);
    out += "<path d=\"" + d + "\"><title>" + escape(tip) + "</title></path>\n";
  }
  out += "</g>\n";

  // The hospitals (one per jurisdiction), smaller when there are many.
  std::vector<std::uint32_t> hospitals = map.hospital_places;
  if (hospitals.empty() && map.hospital_place < np) hospitals.push_back(map.hospital_place);
  const double hr = hospitals.size() > 20 ? 4.5 : 9, arm = hr * 5 / 9;
  for (const auto h : hospitals) {
    if (h >= np) continue;
    const double hx = px(h), hy = py(h);
    out += "<g class=\"hospital\"><title>" +
           escape(std::string(hospitals.size() == 1 ? "Jurisdiction hospital: " : "Hospital: ") + where(h)) +
           "</title><circle cx=\"" + fixed(hx, 1) + "\" cy=\"" + fixed(hy, 1) + "\" r=\"" + fixed(hr, 1) +
           "\" fill=\"#fff\" stroke=\"#1d4f91\" stroke-width=\"" + fixed(hr / 4.5, 1) + "\"/><path d=\"M" +
           fixed(hx - arm, 1) + " " + fixed(hy, 1) + "H" + fixed(hx + arm, 1) + "M" + fixed(hx, 1) + " " +
           fixed(hy - arm, 1) + "V" + fixed(hy + arm, 1) + "\" stroke=\"#1d4f91\" stroke-width=\"" +
           fixed(hr / 3.5, 1) + "\"/></g>\n";
  }

  // Municipality names at their largest drawn locality (small jurisdictions only).
  if (map.municipalities.size() <= static_cast<std::size_t>(o.label_municipalities_up_to)) {
    std::vector<std::size_t> seat(map.municipalities.size(), np);
    for (std::size_t i : order) {
      const auto m = map.places[i].municipality;
      if (m < seat.size() && seat[m] == np) seat[m] = i;
    }
    for (std::size_t m = 0; m < seat.size(); ++m) {
      if (seat[m] == np) continue;
      const double r = radius(map.places[seat[m]].population);
      out += text(px(seat[m]), py(seat[m]) - r - 5, map.municipalities[m], "middle",
                  "font-size=\"12\" font-weight=\"600\" fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"3\" "
                  "paint-order=\"stroke\" stroke-linejoin=\"round\" pointer-events=\"none\"");
    }
  }

  // Scale bar (bottom left of the plot).
  const double km_per_px = 111.32 / unit;
  const double bar_km = scale_bar_km(plot_w * km_per_px);
  const double bar_px = bar_km / km_per_px, bx = pad, by = top + plot_h + pad / 2 - 6;
  out += "<g class=\"scale\"><path d=\"M" + fixed(bx, 1) + " " + fixed(by - 4, 1) + "V" + fixed(by, 1) + "H" +
         fixed(bx + bar_px, 1) + "V" + fixed(by - 4, 1) + "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\"/>" +
         text(bx + bar_px + 6, by + 1, fixed(bar_km, bar_km < 1 ? 1 : 0) + " km", "start",
              "font-size=\"11\" fill=\"#333\"") +
         "</g>\n";
  if (large)
    out += text(width - pad, by + 1,
                thousands(static_cast<double>(np)) + " localities: only those with a clinic are drawn, roads omitted",
                "end", "font-size=\"11\" fill=\"#555\"");

  // Legend, in three columns under the map.
  const double ly = top + plot_h + pad + 22;
  std::string legend = "<g class=\"legend\">\n";
  legend += text(pad, ly, "Localities (residents)", "start", "font-weight=\"600\" fill=\"#333\"");
  // Sample circles at the three largest powers of ten up to the largest locality.
  std::vector<double> samples;
  for (double pop = std::pow(10.0, std::floor(std::log10(static_cast<double>(max_pop))));
       pop >= 1 && samples.size() < 3; pop /= 10)
    samples.insert(samples.begin(), pop);
  double cx = pad + 4;
  for (double pop : samples) {
    const double r = radius(static_cast<std::uint32_t>(pop));
    const double slot = std::max(2 * r, text_width(thousands(pop), 10)) + 12;
    legend += "<circle cx=\"" + fixed(cx + slot / 2, 1) + "\" cy=\"" + fixed(ly + 34 - r, 1) + "\" r=\"" + fixed(r, 2) +
              "\" fill=\"#6f93b5\" fill-opacity=\"0.45\" stroke=\"#3f6384\" stroke-width=\"0.6\"/>\n";
    legend += text(cx + slot / 2, ly + 50, thousands(pop), "middle", "font-size=\"10\" fill=\"#444\"");
    cx += slot;
  }
  const double col2 = width * 0.3;
  legend += text(col2, ly, "Clinics: share of visits turned away", "start", "font-weight=\"600\" fill=\"#333\"");
  const int steps = 5;
  for (int k = 0; k < steps; ++k) {
    const double x0 = col2 + k * 40;
    legend += "<rect x=\"" + fixed(x0, 1) + "\" y=\"" + fixed(ly + 14, 1) + "\" width=\"40\" height=\"12\" fill=\"" +
              ylorrd((k + 0.5) / steps) + "\" stroke=\"#2b2b2b\" stroke-width=\"0.5\"/>\n";
    legend += text(x0, ly + 40, fixed(100 * domain * k / steps, 0) + "%", "middle", "font-size=\"10\" fill=\"#444\"");
  }
  legend += text(col2 + steps * 40, ly + 40, fixed(100 * domain, 0) + "%", "middle", "font-size=\"10\" fill=\"#444\"");
  legend += text(col2, ly + 56, "dashed outline: no intern at the end", "start", "font-size=\"10\" fill=\"#555\"");
  const double col3 = width * 0.7;
  legend += "<circle cx=\"" + fixed(col3 + 7, 1) + "\" cy=\"" + fixed(ly - 4, 1) +
            "\" r=\"7\" fill=\"#fff\" stroke=\"#1d4f91\" stroke-width=\"2\"/><path d=\"M" + fixed(col3 + 3, 1) + " " +
            fixed(ly - 4, 1) + "H" + fixed(col3 + 11, 1) + "M" + fixed(col3 + 7, 1) + " " + fixed(ly - 8, 1) + "V" +
            fixed(ly, 1) + "\" stroke=\"#1d4f91\" stroke-width=\"2.2\"/>\n";
  legend += text(col3 + 22, ly, "hospital", "start", "fill=\"#333\"");
  legend += "<path d=\"" + cross(col3 + 7, ly + 14, 3) +
            "\" stroke=\"#c40000\" stroke-width=\"1.6\" stroke-linecap=\"round\"/>\n";
  legend += text(col3 + 22, ly + 18, "violent events (size: count)", "start", "fill=\"#333\"");
  legend +=
      "<path d=\"M" + fixed(col3, 1) + " " + fixed(ly + 32, 1) + "h14\" stroke=\"#5b5b5b\" stroke-width=\"1.3\"/>\n";
  legend += text(col3 + 22, ly + 36, "paved road", "start", "fill=\"#333\"");
  legend += "<path d=\"M" + fixed(col3, 1) + " " + fixed(ly + 50, 1) +
            "h14\" stroke=\"#b9b2a3\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>\n";
  legend += text(col3 + 22, ly + 54, "unpaved road", "start", "fill=\"#333\"");
  out += legend + "</g>\n";
  return out + "</g>\n</svg>\n";
}

}  // namespace pasante::analysis::svg
